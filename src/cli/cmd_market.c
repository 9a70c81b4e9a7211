/*
 * `liangshan market` — the trading venue (app/market): instruments opened by the trading
 * centre, money deposited and withdrawn, orders placed and cancelled on a continuous book,
 * posted quotes and block trades, listings, auctions and tenders, all settled delivery-versus-
 * payment, and the reads: instruments, a book, trades, a party's account, the listings.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/market.h"
#include "cli/cli.h"

struct opts {
    const char *store, *actor, *recorded, *date, *time, *instrument, *party, *side, *price;
    const char *units, *expires, *request_id, *order, *amount, *bank_ref, *account, *province;
    const char *mode, *reference, *depth, *reason, *out;
    const char *listing, *seller, *start_price, *increment, *reserve, *open, *close, *still;
    const char *auction_minutes, *right, *bundle, *buyer, *quote, *max_grade, *from, *to;
    int auction;
    int json, dry_run, ioc;
    const char *args[2];
    int nargs;
};

static const char *usage_text =
    "usage: liangshan market COMMAND --store STORE [--actor NAME] [--json]\n"
    "  submit FILE.json [--dry-run]        record requests (one or a list), all or none\n"
    "  instrument --instrument ID --account CCS [--province 33] --mode continuous|call\n"
    "             --reference FEN          open an instrument (the trading centre)\n"
    "  deposit | withdraw --party P --amount FEN [--bank-ref REF]\n"
    "  order --instrument ID --party P --side buy|sell --price FEN --units N [--ioc]\n"
    "        [--expires D] [--request-id KEY] --time HH:MM:SS\n"
    "  cancel --instrument ID --order N --party P --time HH:MM:SS\n"
    "  expire --instrument ID              end of day: expired orders and quotes leave\n"
    "  uncross --instrument ID --time T    a call market (--mode call) clears its orders at\n"
    "                                      the price that maximises volume (集合竞价)\n"
    "  quote --instrument ID --party P --price FEN --units N [--buyer B] [--expires D]\n"
    "                                      a posted quote (挂牌协议), or with --buyer a block\n"
    "                                      trade (大宗协议) offered to that buyer\n"
    "  take --instrument ID --quote N --party P [--units N]   take a quote (a block: whole)\n"
    "  unquote --instrument ID --quote N --party P            withdraw one's quote\n"
    "  listing --listing ID --account CRQ --province 33 --seller P --units N --start-price FEN\n"
    "          --increment FEN --reserve FEN --open YYYY-MM-DDTHH:MM:SS --close …   挂牌\n"
    "          [--mode listing|sealed|uniform] (招标, uniform-price) [--max-grade N (CRQ of\n"
    "          quality grade 1..N only)]; --right ID instead of\n"
    "          --account and --units sells a registry right, settled by a transfer registration;\n"
    "          --bundle ID an approved bundle (组合标的), each right so, start ≥ its floor price\n"
    "  register --listing ID --party P     a bidder registers and holds the deposit (保证金)\n"
    "  bid --listing ID --party P --price FEN [--auction] [--units N]   a bid form, a bid at the\n"
    "                                      on-site auction, or a sealed bid (uniform: its units)\n"
    "  close --listing ID [--still P1,P2] [--auction-minutes N]   the deadline; the parties\n"
    "                                      still bidding send it to an on-site auction\n"
    "  delist --listing ID --reason TEXT   withdraw a listing (撤牌) before it closes\n"
    "  listings [ID]                       the listings as published\n"
    "  list | book ID [--depth N] | trades [ID] [--party P] | account PARTY\n"
    "  settle --date D [--out FILE.csv]     the day's settlement for the bank's reconciliation\n"
    "  report --from D --to D               the period's trades per instrument and mode "
    "(turnover,\n"
    "                                      average, high, low) and its listings by outcome\n"
    "Prices and money are fen (price per lot); units are the account's base units, whole lots.\n"
    "Dates are YYYY-MM-DD (--date; today when omitted). Exit 1 names the rule refused.\n";

static int parse(int argc, char **argv, struct opts *o)
{
    memset(o, 0, sizeof *o);
    o->store = getenv("LIANGSHAN_STORE");
    o->actor = getenv("LIANGSHAN_ACTOR");
    struct {
        const char *flag;
        const char **dst;
    } flags[] = { { "--store", &o->store },
                  { "--actor", &o->actor },
                  { "--recorded", &o->recorded },
                  { "--date", &o->date },
                  { "--time", &o->time },
                  { "--instrument", &o->instrument },
                  { "--party", &o->party },
                  { "--side", &o->side },
                  { "--price", &o->price },
                  { "--units", &o->units },
                  { "--expires", &o->expires },
                  { "--request-id", &o->request_id },
                  { "--order", &o->order },
                  { "--amount", &o->amount },
                  { "--bank-ref", &o->bank_ref },
                  { "--account", &o->account },
                  { "--province", &o->province },
                  { "--mode", &o->mode },
                  { "--reference", &o->reference },
                  { "--depth", &o->depth },
                  { "--reason", &o->reason },
                  { "--out", &o->out },
                  { "--listing", &o->listing },
                  { "--seller", &o->seller },
                  { "--start-price", &o->start_price },
                  { "--increment", &o->increment },
                  { "--reserve", &o->reserve },
                  { "--open", &o->open },
                  { "--close", &o->close },
                  { "--still", &o->still },
                  { "--auction-minutes", &o->auction_minutes },
                  { "--right", &o->right },
                  { "--bundle", &o->bundle },
                  { "--buyer", &o->buyer },
                  { "--quote", &o->quote },
                  { "--max-grade", &o->max_grade },
                  { "--from", &o->from },
                  { "--to", &o->to } };
    for (int i = 2; i < argc; i++) {
        int hit = 0;
        for (size_t k = 0; !hit && k < sizeof flags / sizeof flags[0]; k++)
            if (!strcmp(argv[i], flags[k].flag)) {
                if (i + 1 >= argc)
                    return cli_usage_error("market", "%s needs a value", argv[i]);
                *flags[k].dst = argv[++i];
                hit = 1;
            }
        if (hit)
            continue;
        if (!strcmp(argv[i], "--json"))
            o->json = 1;
        else if (!strcmp(argv[i], "--dry-run"))
            o->dry_run = 1;
        else if (!strcmp(argv[i], "--ioc"))
            o->ioc = 1;
        else if (!strcmp(argv[i], "--auction"))
            o->auction = 1;
        else if (argv[i][0] == '-' && argv[i][1] == '-')
            return cli_usage_error("market", "unknown option %s", argv[i]);
        else if (o->nargs < 2)
            o->args[o->nargs++] = argv[i];
        else
            return cli_usage_error("market", "too many arguments");
    }
    if (!o->actor || !*o->actor) {
        struct passwd *pw = getpwuid(getuid());
        o->actor = pw && pw->pw_name ? pw->pw_name : "unknown";
    }
    return 0;
}

/* A whole number given on the command line goes into the request as a number; anything else
 * as text, which the venue refuses by the rule that names the field. */
static void set_number(json_t *req, const char *key, const char *text)
{
    if (!text)
        return;
    char *end = NULL;
    long long v = strtoll(text, &end, 10);
    json_object_set_new(req, key, *text && end && !*end ? json_integer(v) : json_string(text));
}

static void set_text(json_t *req, const char *key, const char *text)
{
    if (text)
        json_object_set_new(req, key, json_string(text));
}

static json_t *request_from_flags(const char *op, const struct opts *o, const char *date)
{
    json_t *req = json_pack("{s:s, s:s}", "type", op, "date", date);
    set_text(req, "time", o->time);
    set_text(req, "instrument", o->instrument);
    set_text(req, "party", o->party);
    set_text(req, "side", o->side);
    set_number(req, "price", o->price);
    set_number(req, "units", o->units);
    set_text(req, "expires", o->expires);
    set_text(req, "request_id", o->request_id);
    set_number(req, "order", o->order);
    set_number(req, "amount", o->amount);
    set_text(req, "bank_ref", o->bank_ref);
    set_text(req, "account", o->account);
    set_text(req, "province", o->province);
    set_text(req, "mode", o->mode);
    set_number(req, "reference_price", o->reference);
    set_text(req, "reason", o->reason);
    if (o->ioc)
        set_text(req, "time_in_force", "IOC");
    set_text(req, "listing", o->listing);
    set_text(req, "seller", o->seller);
    set_number(req, "start_price", o->start_price);
    set_number(req, "increment", o->increment);
    set_number(req, "reserve", o->reserve);
    set_text(req, "open", o->open);
    set_text(req, "close", o->close);
    set_number(req, "auction_minutes", o->auction_minutes);
    set_text(req, "right", o->right);
    set_text(req, "bundle", o->bundle);
    set_text(req, "buyer", o->buyer);
    set_number(req, "quote", o->quote);
    set_number(req, "max_grade", o->max_grade);
    if (o->still) {
        json_t *a = json_array();
        char buf[1024];
        snprintf(buf, sizeof buf, "%s", o->still);
        for (char *save = NULL, *p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save))
            json_array_append_new(a, json_string(p));
        json_object_set_new(req, "still_bidding", a);
    }
    return req;
}

int cmd_market(int argc, char **argv)
{
    struct opts o;
    const char *op = argc > 1 ? argv[1] : "";
    if (!*op || !strcmp(op, "--help") || !strcmp(op, "-h")) {
        fputs(usage_text, *op ? stdout : stderr);
        return *op ? 0 : 1;
    }
    if (parse(argc, argv, &o))
        return 1;
    char day[16], now[32];
    lg_now_utc(now);
    snprintf(day, sizeof day, "%.10s", now);
    const char *date = o.date ? o.date : day;
    struct ls_err err = { 0 };
    struct app_market m;
    if (app_market_open(o.store, &m, &err))
        return cli_fail(&err, o.json);
    json_t *out = NULL, *req = NULL;
    int rc;
    const char *a0 = o.nargs ? o.args[0] : NULL;
    if (!strcmp(op, "submit")) {
        json_error_t je;
        req = a0 ? json_load_file(a0, 0, &je) : NULL;
        rc = !a0   ? ls_err_set(&err, LS_EINVAL, "market", NULL, NULL, "submit FILE.json")
             : req ? app_market_apply(&m, req, o.actor, o.recorded, a0, o.dry_run, &out, &err)
                   : ls_err_set(&err, LS_EINVAL, a0, je.line > 0 ? "line" : NULL, NULL, "%s",
                                je.text);
    } else if (!strcmp(op, "instrument") || !strcmp(op, "deposit") || !strcmp(op, "withdraw") ||
               !strcmp(op, "order") || !strcmp(op, "cancel") || !strcmp(op, "expire") ||
               !strcmp(op, "listing") || !strcmp(op, "register") || !strcmp(op, "bid") ||
               !strcmp(op, "close") || !strcmp(op, "delist") || !strcmp(op, "quote") ||
               !strcmp(op, "take") || !strcmp(op, "unquote") || !strcmp(op, "uncross")) {
        /* a bid at a listing's on-site auction is an auction_bid */
        req = request_from_flags(!strcmp(op, "bid") && o.auction ? "auction_bid" : op, &o, date);
        rc = app_market_apply(&m, req, o.actor, o.recorded, op, o.dry_run, &out, &err);
    } else if (!strcmp(op, "list"))
        rc = app_market_instruments(&m, &out, &err);
    else if (!strcmp(op, "book"))
        rc = app_market_book(&m, a0 ? a0 : "", o.depth ? (int)strtol(o.depth, NULL, 10) : 10, &out,
                             &err);
    else if (!strcmp(op, "trades"))
        rc = app_market_trades(&m, a0 ? a0 : "", o.party ? o.party : "", &out, &err);
    else if (!strcmp(op, "account"))
        rc = app_market_account(&m, a0 ? a0 : "", &out, &err);
    else if (!strcmp(op, "listings"))
        rc = app_market_listings(&m, a0 ? a0 : "", &out, &err);
    else if (!strcmp(op, "report"))
        rc = app_market_report(&m, o.from ? o.from : "", o.to ? o.to : date, &out, &err);
    else if (!strcmp(op, "settle")) {
        rc = app_market_settlement(&m, date, &out, &err);
        if (!rc && o.out)
            rc = app_market_settlement_csv(out, o.out, &err);
    } else {
        app_market_close(&m);
        return cli_usage_error("market", "unknown command \"%s\"", op);
    }
    json_decref(req);
    app_market_close(&m);
    if (rc) {
        json_decref(out);
        return cli_fail(&err, o.json);
    }
    cli_print_json(out);
    return 0;
}
