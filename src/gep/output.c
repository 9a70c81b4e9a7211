/* gep/output — account.json, account.csv and provenance.json. */
#include "gep/output.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/csv.h"
#include "gep/report.h"
#include "gep/xlsx.h"

static const char *category_id(enum gep_category c)
{
    switch (c) {
    case GEP_PROVISIONING:
        return "provisioning";
    case GEP_REGULATING:
        return "regulating";
    case GEP_CULTURAL:
        return "cultural";
    case GEP_STOCK:
        return "stock";
    }
    return "?";
}

static json_t *item_json(const struct gep_result *r, size_t k)
{
    const struct gep_item *it = &r->items[k].item;
    json_t *o = json_object();
    json_object_set_new(o, "item", json_string(it->def->id));
    json_object_set_new(o, "name_zh", json_string(it->def->zh));
    json_object_set_new(o, "name_en", json_string(it->def->en));
    json_object_set_new(o, "category", json_string(category_id(it->def->category)));
    json_object_set_new(o, "model", json_string(it->mi->model));
    json_object_set_new(o, "source", json_string(it->def->source));
    json_object_set_new(o, "unit", json_string(it->def->unit));
    double phys = gep_result_phys(r, k, -1, -1);
    json_object_set_new(o, "physical", json_real(phys));
    json_object_set_new(o, "value_yuan", json_real(gep_result_value(r, k, -1, -1)));
    if (it->def->row)
        json_object_set_new(o, "unit_value_yuan", json_real(it->unit_value));
    json_object_set_new(o, "in_total", json_boolean(it->mi->in_total));
    if (r->items[k].not_applicable)
        json_object_set_new(o, "not_applicable", json_string(r->items[k].not_applicable));
    if (!it->mi->in_total)
        json_object_set_new(o, "exclusion", json_string(it->mi->exclusion));
    json_t *parts = json_array();
    for (int p = 0; p < it->nparts; p++) {
        json_t *po = json_object();
        json_object_set_new(po, "part", json_string(it->parts[p].name));
        json_object_set_new(po, "price", json_string(it->parts[p].price));
        json_object_set_new(po, "yuan_per_unit", json_real(it->parts[p].yuan_per_unit));
        json_object_set_new(po, "value_yuan", json_real(phys * it->parts[p].yuan_per_unit));
        json_array_append_new(parts, po);
    }
    json_object_set_new(o, "value_parts", parts);
    if (r->items[k].ncomp) {
        json_t *comps = json_array();
        for (size_t c = 0; c < r->items[k].ncomp; c++) {
            const struct gep_component *cp = &r->items[k].comp[c];
            json_t *co = json_object();
            json_object_set_new(co, "component", json_string(cp->name));
            json_object_set_new(co, "physical", json_real(cp->physical));
            json_object_set_new(co, "unit", json_string(cp->unit));
            json_object_set_new(co, "value_yuan", json_real(cp->value));
            json_array_append_new(comps, co);
        }
        json_object_set_new(o, "components", comps);
    }
    json_t *regions = json_array();
    for (size_t z = 0; z < r->n_regions; z++) {
        json_t *ro = json_object();
        double pz = gep_result_phys(r, k, (long)z, -1);
        json_object_set_new(ro, "region", json_string(r->region_names[z]));
        json_object_set_new(ro, "physical", json_real(pz));
        json_object_set_new(ro, "value_yuan", json_real(gep_result_value(r, k, (long)z, -1)));
        json_array_append_new(regions, ro);
    }
    json_object_set_new(o, "by_region", regions);
    json_t *ecos = json_array();
    for (int e = 0; e < GEP_ECO_COUNT; e++) {
        double pe = gep_result_phys(r, k, -1, e), ve = gep_result_value(r, k, -1, e);
        if (e == GEP_ECO_NONE && pe == 0 && ve == 0)
            continue; /* "none": figures not attributed to a type, listed only when present */
        json_t *eo = json_object();
        json_object_set_new(eo, "ecosystem", json_string(e ? gep_eco_id(e) : "unattributed"));
        json_object_set_new(eo, "physical", json_real(pe));
        json_object_set_new(eo, "value_yuan", json_real(ve));
        json_array_append_new(ecos, eo);
    }
    json_object_set_new(o, "by_ecosystem", ecos);
    return o;
}

json_t *gep_account_json(const struct gep_result *r)
{
    const struct gep_account *a = &r->account;
    json_t *root = json_object();
    json_t *acc = json_object();
    json_object_set_new(acc, "name", json_string(a->name));
    json_object_set_new(acc, "region", json_string(a->region_name));
    json_object_set_new(acc, "region_code", json_string(a->region_code));
    json_object_set_new(acc, "year", json_integer(a->year));
    json_object_set_new(acc, "price_year", json_integer(a->price_year));
    json_t *m = json_object();
    json_object_set_new(m, "id", json_string(r->method.id));
    json_object_set_new(m, "standard", json_string(r->method.standard));
    json_object_set_new(m, "version", json_string(r->method.version));
    json_object_set_new(m, "sha256", json_string(r->method.sha256));
    json_object_set_new(acc, "method", m);
    json_object_set_new(root, "account", acc);

    json_t *items = json_array();
    for (size_t k = 0; k < r->n_items; k++)
        json_array_append_new(items, item_json(r, k));
    json_object_set_new(root, "items", items);

    struct gep_totals t;
    gep_result_totals(r, &t);
    double area = 0;
    for (size_t i = 0; i < r->n_regions * GEP_ECO_COUNT; i++)
        area += r->area_m2[i];
    json_t *tot = json_object();
    json_object_set_new(tot, "gep_yuan", json_real(t.gep));
    json_object_set_new(tot, "provisioning_yuan", json_real(t.provisioning));
    json_object_set_new(tot, "regulating_yuan", json_real(t.regulating));
    json_object_set_new(tot, "cultural_yuan", json_real(t.cultural));
    json_object_set_new(tot, "area_m2", json_real(area));
    json_object_set_new(tot, "gep_yuan_per_km2", json_real(area > 0 ? t.gep / (area / 1e6) : 0));
    const struct gep_account *ac = &r->account;
    json_object_set_new(tot, "population",
                        ac->population > 0 ? json_real(ac->population) : json_null());
    json_object_set_new(tot, "gep_yuan_per_capita",
                        ac->population > 0 ? json_real(t.gep / ac->population) : json_null());
    json_object_set_new(tot, "gdp_yuan", ac->gdp_yuan > 0 ? json_real(ac->gdp_yuan) : json_null());
    json_object_set_new(tot, "gep_gdp_ratio",
                        ac->gdp_yuan > 0 ? json_real(t.gep / ac->gdp_yuan) : json_null());
    json_object_set_new(tot, "regulating_share",
                        t.gep > 0 ? json_real(t.regulating / t.gep) : json_null());
    json_t *excluded = json_array();
    for (size_t k = 0; k < r->n_items; k++)
        if (!r->items[k].item.mi->in_total) {
            json_t *x = json_object();
            json_object_set_new(x, "item", json_string(r->items[k].item.def->id));
            json_object_set_new(x, "reason", json_string(r->items[k].item.mi->exclusion));
            json_array_append_new(excluded, x);
        }
    json_object_set_new(tot, "excluded", excluded);
    json_object_set_new(root, "totals", tot);

    json_t *regions = json_array();
    for (size_t z = 0; z < r->n_regions; z++) {
        double ra = 0, rv = 0;
        for (int e = 0; e < GEP_ECO_COUNT; e++)
            ra += r->area_m2[z * GEP_ECO_COUNT + (size_t)e];
        for (size_t k = 0; k < r->n_items; k++)
            if (r->items[k].item.mi->in_total)
                rv += gep_result_value(r, k, (long)z, -1);
        json_t *ro = json_object();
        json_object_set_new(ro, "region", json_string(r->region_names[z]));
        json_object_set_new(ro, "area_m2", json_real(ra));
        json_object_set_new(ro, "gep_yuan", json_real(rv));
        json_array_append_new(regions, ro);
    }
    json_object_set_new(root, "regions", regions);

    json_t *ecos = json_array();
    for (int e = 1; e < GEP_ECO_COUNT; e++) {
        double ea = 0, ev = 0;
        for (size_t z = 0; z < r->n_regions; z++)
            ea += r->area_m2[z * GEP_ECO_COUNT + (size_t)e];
        for (size_t k = 0; k < r->n_items; k++)
            if (r->items[k].item.mi->in_total)
                ev += gep_result_value(r, k, -1, e);
        json_t *eo = json_object();
        json_object_set_new(eo, "ecosystem", json_string(gep_eco_id(e)));
        json_object_set_new(eo, "name_zh", json_string(gep_eco_zh(e)));
        json_object_set_new(eo, "area_m2", json_real(ea));
        json_object_set_new(eo, "gep_yuan", json_real(ev));
        json_array_append_new(ecos, eo);
    }
    json_object_set_new(root, "ecosystems", ecos);
    return root;
}

static int write_json(json_t *v, const char *dir, const char *name, struct ls_err *err)
{
    char path[GEP_PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (json_dump_file(v, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17)))
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write");
    return 0;
}

static int write_csv(const struct gep_result *r, const char *dir, struct ls_err *err)
{
    char path[GEP_PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/account.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot create: %s", ls_strerror(errno));
    fputs("item,item_zh,category,in_total,region,ecosystem,ecosystem_zh,area_m2,physical,unit,"
          "value_yuan\n",
          f);
    for (size_t k = 0; k < r->n_items; k++) {
        const struct gep_item *it = &r->items[k].item;
        for (size_t z = 0; z < r->n_regions; z++)
            for (int e = 0; e < GEP_ECO_COUNT; e++) {
                size_t cell = z * GEP_ECO_COUNT + (size_t)e;
                double p = r->items[k].phys[cell], v = r->items[k].value[cell];
                if (r->area_m2[cell] == 0 && p == 0 && v == 0)
                    continue;
                fprintf(f, "%s,%s,%s,%s,", it->def->id, it->def->zh, category_id(it->def->category),
                        it->mi->in_total ? "true" : "false");
                ls_csv_write_field(f, r->region_names[z]);
                fprintf(f, ",%s,%s,%.17g,%.17g,%s,%.17g\n", e ? gep_eco_id(e) : "unattributed",
                        e ? gep_eco_zh(e) : "未分类型", r->area_m2[cell], p, it->def->unit, v);
            }
    }
    int bad = ferror(f);
    if (fclose(f) || bad)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "write error");
    return 0;
}

static json_t *provenance_json(const struct gep_result *r)
{
    json_t *p = json_object();
    json_object_set_new(p, "software", json_string("liangshan " LS_VERSION));
    json_object_set_new(p, "account_file", json_string(r->account.path));
    json_t *m = json_object();
    json_object_set_new(m, "id", json_string(r->method.id));
    json_object_set_new(m, "version", json_string(r->method.version));
    json_object_set_new(m, "origin", json_string(r->method.origin));
    json_object_set_new(m, "sha256", json_string(r->method.sha256));
    json_object_set_new(p, "method", m);
    json_t *in = json_array();
    for (size_t i = 0; i < r->n_inputs; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "role", json_string(r->inputs[i].role));
        json_object_set_new(o, "path", json_string(r->inputs[i].path));
        json_object_set_new(o, "sha256", json_string(r->inputs[i].sha256));
        json_array_append_new(in, o);
    }
    json_object_set_new(p, "inputs", in);
    return p;
}

int gep_write_outputs(const struct gep_result *r, const char *out_dir, json_t *change,
                      struct ls_err *err)
{
    json_t *acc = gep_account_json(r), *prov = provenance_json(r);
    int rc = write_json(acc, out_dir, "account.json", err);
    if (!rc)
        rc = write_csv(r, out_dir, err);
    if (!rc)
        rc = write_json(prov, out_dir, "provenance.json", err);
    if (!rc && change)
        rc = write_json(change, out_dir, "change.json", err);
    char path[GEP_PATH_MAX + 64];
    if (!rc) {
        snprintf(path, sizeof path, "%s/account.xlsx", out_dir);
        rc = gep_write_xlsx(r, path, err);
    }
    if (!rc) {
        snprintf(path, sizeof path, "%s/report.html", out_dir);
        rc = gep_write_report(acc, change, prov, path, err);
    }
    json_decref(acc);
    json_decref(prov);
    return rc;
}
