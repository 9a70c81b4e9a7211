/* gep/ecosystem — ecosystem types and land-cover class tables. */
#include "gep/ecosystem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/csv.h"

static const char *const eco_ids[GEP_ECO_COUNT] = { "none",      "forest",  "shrub",
                                                    "grassland", "wetland", "cropland",
                                                    "urban",     "bare",    "ocean" };
static const char *const eco_zh[GEP_ECO_COUNT] = { "无",   "森林", "灌丛", "草地", "湿地",
                                                   "农田", "城镇", "荒漠", "海洋" };

const char *gep_eco_id(int eco)
{
    return eco >= 0 && eco < GEP_ECO_COUNT ? eco_ids[eco] : NULL;
}

const char *gep_eco_zh(int eco)
{
    return eco >= 0 && eco < GEP_ECO_COUNT ? eco_zh[eco] : NULL;
}

int gep_eco_from_id(const char *id)
{
    for (int i = 0; i < GEP_ECO_COUNT; i++)
        if (strcasecmp(id, eco_ids[i]) == 0 || strcmp(id, eco_zh[i]) == 0)
            return i;
    return -1;
}

struct entry {
    long code;
    int eco;
    char label[48];
};

static int cmp_entry(const void *a, const void *b)
{
    long x = ((const struct entry *)a)->code, y = ((const struct entry *)b)->code;
    return (x > y) - (x < y);
}

static int build(struct gep_classes *c, struct entry *e, size_t n, const char *source,
                 struct ls_err *err)
{
    memset(c, 0, sizeof *c);
    snprintf(c->source, sizeof c->source, "%s", source);
    qsort(e, n, sizeof *e, cmp_entry);
    for (size_t i = 1; i < n; i++)
        if (e[i].code == e[i - 1].code)
            return ls_err_set(err, LS_EINVAL, source, NULL, "class", "class %ld appears twice",
                              e[i].code);
    c->code = calloc(n + 1, sizeof *c->code);
    c->eco = calloc(n + 1, sizeof *c->eco);
    c->label = calloc(n + 1, sizeof *c->label);
    long maxcode = n && e[n - 1].code < 65536 && e[0].code >= 0 ? e[n - 1].code + 1 : 0;
    c->direct = calloc((size_t)maxcode + 1, sizeof *c->direct);
    if (!c->code || !c->eco || !c->label || !c->direct) {
        gep_classes_free(c);
        return ls_err_set(err, LS_ENOMEM, source, NULL, NULL, "out of memory");
    }
    c->direct_n = maxcode;
    for (size_t i = 0; i < n; i++) {
        c->code[i] = e[i].code;
        c->eco[i] = e[i].eco;
        memcpy(c->label[i], e[i].label, sizeof c->label[i]);
        if (e[i].code >= 0 && e[i].code < maxcode)
            c->direct[e[i].code] = (int)i + 1;
    }
    c->n = n;
    return 0;
}

int gep_classes_survey(struct gep_classes *c, struct ls_err *err)
{
    /* First-level survey classes (TD/T 1055—2019 appendix A) and the subclasses that take
     * another ecosystem type than their parent. */
    static const struct {
        long code;
        int eco;
        const char *label;
    } tab[] = {
        { 0, GEP_ECO_NONE, "outside" },
        { 101, GEP_ECO_CROPLAND, "0101 水田" },
        { 102, GEP_ECO_CROPLAND, "0102 水浇地" },
        { 103, GEP_ECO_CROPLAND, "0103 旱地" },
        { 201, GEP_ECO_CROPLAND, "0201 果园" },
        { 202, GEP_ECO_CROPLAND, "0202 茶园" },
        { 203, GEP_ECO_CROPLAND, "0203 橡胶园" },
        { 204, GEP_ECO_CROPLAND, "0204 其他园地" },
        { 301, GEP_ECO_FOREST, "0301 乔木林地" },
        { 302, GEP_ECO_FOREST, "0302 竹林地" },
        { 303, GEP_ECO_WETLAND, "0303 红树林地" },
        { 304, GEP_ECO_WETLAND, "0304 森林沼泽" },
        { 305, GEP_ECO_SHRUB, "0305 灌木林地" },
        { 306, GEP_ECO_WETLAND, "0306 灌丛沼泽" },
        { 307, GEP_ECO_FOREST, "0307 其他林地" },
        { 401, GEP_ECO_GRASSLAND, "0401 天然牧草地" },
        { 402, GEP_ECO_WETLAND, "0402 沼泽草地" },
        { 403, GEP_ECO_GRASSLAND, "0403 人工牧草地" },
        { 404, GEP_ECO_GRASSLAND, "0404 其他草地" },
        { 501, GEP_ECO_URBAN, "05H1 商业服务业设施用地" },
        { 508, GEP_ECO_URBAN, "0508 物流仓储用地" },
        { 601, GEP_ECO_URBAN, "0601 工业用地" },
        { 602, GEP_ECO_URBAN, "0602 采矿用地" },
        { 603, GEP_ECO_URBAN, "0603 盐田" },
        { 701, GEP_ECO_URBAN, "0701 城镇住宅用地" },
        { 702, GEP_ECO_URBAN, "0702 农村宅基地" },
        { 801, GEP_ECO_URBAN, "08H1 机关团体新闻出版用地" },
        { 802, GEP_ECO_URBAN, "08H2 科教文卫用地" },
        { 809, GEP_ECO_URBAN, "0809 公用设施用地" },
        { 810, GEP_ECO_URBAN, "0810 公园与绿地" },
        { 901, GEP_ECO_URBAN, "09 特殊用地" },
        { 1001, GEP_ECO_URBAN, "1001 铁路用地" },
        { 1002, GEP_ECO_URBAN, "1002 轨道交通用地" },
        { 1003, GEP_ECO_URBAN, "1003 公路用地" },
        { 1004, GEP_ECO_URBAN, "1004 城镇村道路用地" },
        { 1005, GEP_ECO_URBAN, "1005 交通服务场站用地" },
        { 1006, GEP_ECO_CROPLAND, "1006 农村道路" },
        { 1007, GEP_ECO_URBAN, "1007 机场用地" },
        { 1008, GEP_ECO_URBAN, "1008 港口码头用地" },
        { 1009, GEP_ECO_URBAN, "1009 管道运输用地" },
        { 1101, GEP_ECO_WETLAND, "1101 河流水面" },
        { 1102, GEP_ECO_WETLAND, "1102 湖泊水面" },
        { 1103, GEP_ECO_WETLAND, "1103 水库水面" },
        { 1104, GEP_ECO_WETLAND, "1104 坑塘水面" },
        { 1105, GEP_ECO_WETLAND, "1105 沿海滩涂" },
        { 1106, GEP_ECO_WETLAND, "1106 内陆滩涂" },
        { 1107, GEP_ECO_WETLAND, "1107 沟渠" },
        { 1108, GEP_ECO_WETLAND, "1108 沼泽地" },
        { 1109, GEP_ECO_URBAN, "1109 水工建筑用地" },
        { 1110, GEP_ECO_BARE, "1110 冰川及永久积雪" },
        { 1201, GEP_ECO_URBAN, "1201 空闲地" },
        { 1202, GEP_ECO_CROPLAND, "1202 设施农用地" },
        { 1203, GEP_ECO_CROPLAND, "1203 田坎" },
        { 1204, GEP_ECO_BARE, "1204 盐碱地" },
        { 1205, GEP_ECO_BARE, "1205 沙地" },
        { 1206, GEP_ECO_BARE, "1206 裸土地" },
        { 1207, GEP_ECO_BARE, "1207 裸岩石砾地" },
    };
    size_t n = sizeof tab / sizeof tab[0];
    struct entry e[sizeof tab / sizeof tab[0]];
    for (size_t i = 0; i < n; i++) {
        e[i].code = tab[i].code;
        e[i].eco = tab[i].eco;
        snprintf(e[i].label, sizeof e[i].label, "%s", tab[i].label);
    }
    return build(c, e, n, "built-in table of survey land classes (TD/T 1055-2019)", err);
}

int gep_classes_load_csv(const char *path, struct gep_classes *c, struct ls_err *err)
{
    memset(c, 0, sizeof *c);
    struct ls_csv t;
    int rc = ls_csv_read(path, &t, err);
    if (rc)
        return rc;
    int cc, ec, lc = ls_csv_col(&t, "label");
    rc = ls_csv_need_col(&t, "class", &cc, err);
    if (!rc)
        rc = ls_csv_need_col(&t, "ecosystem", &ec, err);
    struct entry *e = calloc(t.nrows + 1, sizeof *e);
    if (!rc && !e)
        rc = ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
    for (size_t r = 0; !rc && r < t.nrows; r++) {
        rc = ls_csv_integer(&t, r, cc, &e[r].code, err);
        if (rc)
            break;
        e[r].eco = gep_eco_from_id(t.rows[r][ec]);
        if (e[r].eco < 0) {
            char where[48];
            snprintf(where, sizeof where, "line %ld", t.line[r]);
            rc = ls_err_set(err, LS_EINVAL, path, where, "ecosystem",
                            "unknown ecosystem type \"%s\" (forest, shrub, grassland, wetland, "
                            "cropland, urban, bare, ocean or none)",
                            t.rows[r][ec]);
            break;
        }
        snprintf(e[r].label, sizeof e[r].label, "%s",
                 lc >= 0 && *t.rows[r][lc] ? t.rows[r][lc] : t.rows[r][cc]);
    }
    if (!rc)
        rc = build(c, e, t.nrows, path, err);
    free(e);
    ls_csv_free(&t);
    return rc;
}

void gep_classes_free(struct gep_classes *c)
{
    free(c->code);
    free(c->eco);
    free(c->label);
    free(c->direct);
    memset(c, 0, sizeof *c);
}
