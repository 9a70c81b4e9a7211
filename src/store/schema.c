/*
 * store/schema — the versioned schema of a Liangshan store, one migration per step, run in
 * order on open (store.c). A migration is never edited once released: a change of schema
 * is a new migration. The journal (ledger_event) is append-only on both backends; every
 * other table is a projection of it that `ledger rebuild` can replay.
 */
#include "store/store_internal.h"

static const struct st_migration migrations[] = {
    { 1,
      "ledger journal",
      "CREATE TABLE ledger_event ("
      " seq BIGINT PRIMARY KEY NOT NULL,"
      " recorded TEXT NOT NULL,"
      " effective TEXT NOT NULL,"
      " actor TEXT NOT NULL,"
      " type TEXT NOT NULL,"
      " subject TEXT NOT NULL,"
      " reason TEXT NOT NULL,"
      " source_doc TEXT NOT NULL,"
      " payload TEXT NOT NULL,"
      " prev_hash TEXT NOT NULL,"
      " hash TEXT NOT NULL UNIQUE);"
      "CREATE INDEX ledger_event_subject ON ledger_event (subject, seq);",
      "CREATE TRIGGER ledger_event_no_update BEFORE UPDATE ON ledger_event "
      "BEGIN SELECT RAISE(ABORT, 'ledger_event is append-only'); END;"
      "CREATE TRIGGER ledger_event_no_delete BEFORE DELETE ON ledger_event "
      "BEGIN SELECT RAISE(ABORT, 'ledger_event is append-only'); END;",
      "CREATE FUNCTION ledger_event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
      "$$ BEGIN RAISE EXCEPTION 'ledger_event is append-only'; END $$;"
      "CREATE TRIGGER ledger_event_no_change BEFORE UPDATE OR DELETE ON ledger_event "
      "FOR EACH ROW EXECUTE FUNCTION ledger_event_append_only();"
      "CREATE TRIGGER ledger_event_no_truncate BEFORE TRUNCATE ON ledger_event "
      "FOR EACH STATEMENT EXECUTE FUNCTION ledger_event_append_only();",
      { { 0 } } },
    { 2,
      "rights registry projections",
      "CREATE TABLE reg_party ("
      " party_id TEXT PRIMARY KEY NOT NULL,"
      " name TEXT NOT NULL,"
      " kind TEXT NOT NULL,"
      " id_code TEXT NOT NULL,"
      " acts_for TEXT NOT NULL,"
      " begin_seq BIGINT NOT NULL,"
      " updated_seq BIGINT NOT NULL);"
      "CREATE TABLE reg_unit ("
      " {fid},"
      " unit_code TEXT NOT NULL,"
      " version BIGINT NOT NULL,"
      " name TEXT NOT NULL,"
      " unit_class TEXT NOT NULL,"
      " resource_type TEXT NOT NULL,"
      " layer TEXT NOT NULL,"
      " z_min DOUBLE PRECISION,"
      " z_max DOUBLE PRECISION,"
      " area_m2 DOUBLE PRECISION NOT NULL,"
      " quantity DOUBLE PRECISION,"
      " quantity_unit TEXT NOT NULL,"
      " quality TEXT NOT NULL,"
      " valid_from TEXT NOT NULL,"
      " valid_to TEXT,"
      " begin_seq BIGINT NOT NULL,"
      " end_seq BIGINT,"
      " corrected_seq BIGINT,"
      " {geom:MULTIPOLYGON},"
      " UNIQUE (unit_code, version));"
      "CREATE INDEX reg_unit_type ON reg_unit (resource_type, end_seq);"
      "CREATE TABLE reg_rrr ("
      " {fid},"
      " rrr_id TEXT NOT NULL,"
      " version BIGINT NOT NULL,"
      " unit_code TEXT NOT NULL,"
      " rrr_class TEXT NOT NULL,"
      " type TEXT NOT NULL,"
      " qllx BIGINT,"
      " layer TEXT NOT NULL,"
      " z_min DOUBLE PRECISION,"
      " z_max DOUBLE PRECISION,"
      " term_start TEXT,"
      " term_end TEXT,"
      " amount DOUBLE PRECISION,"
      " ranking BIGINT,"
      " on_rrr TEXT,"
      " exercised_by TEXT,"
      " description TEXT NOT NULL,"
      " source_doc TEXT NOT NULL,"
      " valid_from TEXT NOT NULL,"
      " valid_to TEXT,"
      " begin_seq BIGINT NOT NULL,"
      " end_seq BIGINT,"
      " corrected_seq BIGINT,"
      " {geom:MULTIPOLYGON},"
      " UNIQUE (rrr_id, version));"
      "CREATE INDEX reg_rrr_unit ON reg_rrr (unit_code, end_seq);"
      "CREATE INDEX reg_rrr_on ON reg_rrr (on_rrr, end_seq);"
      "CREATE TABLE reg_holder ("
      " rrr_id TEXT NOT NULL,"
      " version BIGINT NOT NULL,"
      " party_id TEXT NOT NULL,"
      " share_num BIGINT NOT NULL,"
      " share_den BIGINT NOT NULL,"
      " PRIMARY KEY (rrr_id, version, party_id));"
      "CREATE INDEX reg_holder_party ON reg_holder (party_id);",
      NULL,
      NULL,
      { { "reg_unit", "MULTIPOLYGON" }, { "reg_rrr", "MULTIPOLYGON" } } },
    /* Access control of `liangshan serve`: not a projection (password hashes never enter the
     * append-only journal); each account change is also a ledger event without secrets. */
    { 3,
      "server accounts and sessions",
      "CREATE TABLE srv_user ("
      " username TEXT PRIMARY KEY NOT NULL,"
      " display TEXT NOT NULL,"
      " role TEXT NOT NULL,"
      " pw_hash TEXT NOT NULL,"
      " disabled BIGINT NOT NULL,"
      " updated_seq BIGINT NOT NULL);"
      "CREATE TABLE srv_session ("
      " token_hash TEXT PRIMARY KEY NOT NULL,"
      " username TEXT NOT NULL,"
      " expires BIGINT NOT NULL);"
      "CREATE INDEX srv_session_user ON srv_session (username);",
      NULL,
      NULL,
      { { 0 } } },
    /* 不动产权证书 and 不动产登记证明 numbers (registry/certificate): issued when a right
     * or a mortgage or objection is recorded, carried in the ledger event, projected here,
     * with the last number per county, year and kind (the next is one lookup, not a scan) */
    { 4,
      "certificate numbers",
      "ALTER TABLE reg_rrr ADD COLUMN cert_no TEXT;"
      "CREATE INDEX reg_rrr_cert ON reg_rrr (cert_no);"
      "CREATE TABLE reg_cert_counter ("
      " prefix TEXT PRIMARY KEY NOT NULL,"
      " last_no BIGINT NOT NULL);",
      NULL,
      NULL,
      { { 0 } } },
    /* Resource-rights indicators (indicator/): projects, the batches issued from them, the
     * serial blocks every holder has with their state, and the obligations they retire.
     * Balances are sums over ind_block. What an obligation has had retired is kept beside
     * what it requires (a retirement must not sum every block retired before it); `indicator
     * verify` checks it against the blocks and the ledger's replay (docs/indicator.md). */
    { 5,
      "resource-rights indicators",
      "CREATE TABLE ind_project ("
      " {fid},"
      " project_no TEXT NOT NULL UNIQUE,"
      " class_id TEXT NOT NULL,"
      " name TEXT NOT NULL,"
      " county TEXT NOT NULL,"
      " owner TEXT NOT NULL,"
      " state TEXT NOT NULL,"
      " units TEXT NOT NULL,"
      " evidence TEXT NOT NULL,"
      " acceptance TEXT NOT NULL,"
      " accept_date TEXT NOT NULL,"
      " registered_seq BIGINT NOT NULL,"
      " updated_seq BIGINT NOT NULL,"
      " {geom:GEOMETRY});"
      "CREATE TABLE ind_batch ("
      " batch_id TEXT PRIMARY KEY NOT NULL,"
      " project_no TEXT NOT NULL,"
      " class_id TEXT NOT NULL,"
      " account TEXT NOT NULL,"
      " county TEXT NOT NULL,"
      " issue_date TEXT NOT NULL,"
      " units BIGINT NOT NULL,"
      " paddy BIGINT NOT NULL,"
      " attributes TEXT NOT NULL,"
      " issue_seq BIGINT NOT NULL);"
      "CREATE INDEX ind_batch_project ON ind_batch (project_no);"
      "CREATE TABLE ind_block ("
      " batch_id TEXT NOT NULL,"
      " first_unit BIGINT NOT NULL,"
      " last_unit BIGINT NOT NULL,"
      " account TEXT NOT NULL,"
      " holder TEXT NOT NULL,"
      " state TEXT NOT NULL,"
      " obligation TEXT NOT NULL,"
      " since_seq BIGINT NOT NULL,"
      " PRIMARY KEY (batch_id, first_unit));"
      "CREATE INDEX ind_block_holder ON ind_block (holder, account, state, batch_id, first_unit);"
      "CREATE INDEX ind_block_obligation ON ind_block (obligation);"
      "CREATE TABLE ind_obligation ("
      " obligation_id TEXT PRIMARY KEY NOT NULL,"
      " kind TEXT NOT NULL,"
      " class_id TEXT NOT NULL,"
      " county TEXT NOT NULL,"
      " source TEXT NOT NULL,"
      " shoreline_type TEXT NOT NULL,"
      " created_seq BIGINT NOT NULL,"
      " flagged_seq BIGINT NOT NULL);"
      "CREATE TABLE ind_requirement ("
      " obligation_id TEXT NOT NULL,"
      " account TEXT NOT NULL,"
      " required BIGINT NOT NULL,"
      " retired BIGINT NOT NULL,"
      " dry_retired BIGINT NOT NULL,"
      " PRIMARY KEY (obligation_id, account));",
      NULL,
      NULL,
      { { "ind_project", "GEOMETRY" } } },
    /* A server account may act for a registry party (a holder of indicators): what it may
     * move is that party's, and nobody else's (server/api_indicator). */
    { 6,
      "server accounts acting for a party",
      "ALTER TABLE srv_user ADD COLUMN party TEXT NOT NULL DEFAULT '';",
      NULL,
      NULL,
      { { 0 } } },
    /* The trading venue (venue/): its instruments, every party's money (fen) available and
     * held against open bids, every order with what is left of it, the trades, and the
     * request ids already used (a replay is refused). The units on offer sit in the
     * indicator register under escrow:<instrument>:<order> (docs/market.md). */
    { 7,
      "trading venue",
      "CREATE TABLE mkt_instrument ("
      " instrument_id TEXT PRIMARY KEY NOT NULL,"
      " account TEXT NOT NULL,"
      " province TEXT NOT NULL,"
      " mode TEXT NOT NULL,"
      " reference_price BIGINT NOT NULL,"
      " last_price BIGINT NOT NULL,"
      " next_order BIGINT NOT NULL,"
      " state TEXT NOT NULL,"
      " opened_seq BIGINT NOT NULL);"
      "CREATE TABLE mkt_funds ("
      " party TEXT PRIMARY KEY NOT NULL,"
      " available BIGINT NOT NULL,"
      " held BIGINT NOT NULL);"
      "CREATE TABLE mkt_order ("
      " instrument_id TEXT NOT NULL,"
      " order_id BIGINT NOT NULL,"
      " party TEXT NOT NULL,"
      " side TEXT NOT NULL,"
      " price BIGINT NOT NULL,"
      " lots BIGINT NOT NULL,"
      " lots_left BIGINT NOT NULL,"
      " hold BIGINT NOT NULL,"
      " tif TEXT NOT NULL,"
      " expires TEXT NOT NULL,"
      " state TEXT NOT NULL,"
      " queued_seq BIGINT NOT NULL,"
      " updated_seq BIGINT NOT NULL,"
      " PRIMARY KEY (instrument_id, order_id));"
      "CREATE INDEX mkt_order_party ON mkt_order (party, instrument_id, order_id);"
      "CREATE INDEX mkt_order_resting ON mkt_order (instrument_id, state, queued_seq);"
      "CREATE TABLE mkt_trade ("
      " instrument_id TEXT NOT NULL,"
      " trade_no BIGINT NOT NULL,"
      " seq BIGINT NOT NULL,"
      " trade_date TEXT NOT NULL,"
      " trade_time TEXT NOT NULL,"
      " buy_order BIGINT NOT NULL,"
      " sell_order BIGINT NOT NULL,"
      " buyer TEXT NOT NULL,"
      " seller TEXT NOT NULL,"
      " price BIGINT NOT NULL,"
      " lots BIGINT NOT NULL,"
      " amount BIGINT NOT NULL,"
      " fee_buyer BIGINT NOT NULL,"
      " fee_seller BIGINT NOT NULL,"
      " PRIMARY KEY (instrument_id, trade_no));"
      "CREATE TABLE mkt_request ("
      " party TEXT NOT NULL,"
      " request_id TEXT NOT NULL,"
      " seq BIGINT NOT NULL,"
      " PRIMARY KEY (party, request_id));",
      NULL,
      NULL,
      { { 0 } } },
    /* 挂牌 listings of the venue (venue/submit_listing.c): the lot on offer with its notice and
     * listing period, the displayed price and who leads, the on-site auction it may go to, and
     * per registered bidder the money held (the deposit, or its bid when more). The bids
     * themselves are in the ledger only: losing bids are not published. */
    { 8,
      "trading venue: listings",
      "CREATE TABLE mkt_listing ("
      " listing_id TEXT PRIMARY KEY NOT NULL,"
      " account TEXT NOT NULL,"
      " province TEXT NOT NULL,"
      " seller TEXT NOT NULL,"
      " units BIGINT NOT NULL,"
      " lots BIGINT NOT NULL,"
      " start_price BIGINT NOT NULL,"
      " increment BIGINT NOT NULL,"
      " reserve BIGINT NOT NULL,"
      " deposit BIGINT NOT NULL,"
      " notice_date TEXT NOT NULL,"
      " open_at TEXT NOT NULL,"
      " close_at TEXT NOT NULL,"
      " auction_close_at TEXT NOT NULL,"
      " state TEXT NOT NULL,"
      " current_price BIGINT NOT NULL,"
      " leader TEXT NOT NULL,"
      " leader_seq BIGINT NOT NULL,"
      " bids BIGINT NOT NULL,"
      " price BIGINT NOT NULL,"
      " winner TEXT NOT NULL,"
      " listed_seq BIGINT NOT NULL,"
      " updated_seq BIGINT NOT NULL);"
      "CREATE TABLE mkt_bidder ("
      " listing_id TEXT NOT NULL,"
      " party TEXT NOT NULL,"
      " hold BIGINT NOT NULL,"
      " best BIGINT NOT NULL,"
      " state TEXT NOT NULL,"
      " registered_seq BIGINT NOT NULL,"
      " PRIMARY KEY (listing_id, party));",
      NULL,
      NULL,
      { { 0 } } }, /* an order's expiry found without reading the orders that already left the book:
                    * the sweep before each order of a day is an index range, not a scan */
    { 9,
      "trading venue: expiry index",
      "CREATE INDEX mkt_order_expiry ON mkt_order (instrument_id, state, expires, order_id);",
      NULL,
      NULL,
      { { 0 } } },
    /* the venue's other modes (venue/submit_quote.c, submit_listing.c): a listing may be a
     * sealed tender or a uniform-price auction and may sell a registry right instead of
     * indicator units; a bidder's sealed bid keeps its lots and its time; posted quotes
     * (挂牌协议) and block trades (大宗协议) rest in mkt_quote; a trade names its mode */
    { 10,
      "trading venue: tenders, rights, quotes and block trades",
      "ALTER TABLE mkt_listing ADD COLUMN mode TEXT NOT NULL DEFAULT 'listing';"
      "ALTER TABLE mkt_listing ADD COLUMN right_id TEXT NOT NULL DEFAULT '';"
      "ALTER TABLE mkt_listing ADD COLUMN lots_sold BIGINT NOT NULL DEFAULT 0;"
      "ALTER TABLE mkt_bidder ADD COLUMN lots BIGINT NOT NULL DEFAULT 0;"
      "ALTER TABLE mkt_bidder ADD COLUMN bid_seq BIGINT NOT NULL DEFAULT 0;"
      "ALTER TABLE mkt_bidder ADD COLUMN lots_won BIGINT NOT NULL DEFAULT 0;"
      "ALTER TABLE mkt_trade ADD COLUMN mode TEXT NOT NULL DEFAULT 'continuous';"
      "CREATE TABLE mkt_quote ("
      " instrument_id TEXT NOT NULL,"
      " quote_id BIGINT NOT NULL,"
      " kind TEXT NOT NULL,"
      " seller TEXT NOT NULL,"
      " buyer TEXT NOT NULL,"
      " price BIGINT NOT NULL,"
      " lots BIGINT NOT NULL,"
      " lots_left BIGINT NOT NULL,"
      " expires TEXT NOT NULL,"
      " state TEXT NOT NULL,"
      " quoted_seq BIGINT NOT NULL,"
      " updated_seq BIGINT NOT NULL,"
      " PRIMARY KEY (instrument_id, quote_id));",
      NULL,
      NULL,
      { { 0 } } },
    /* a listing of better land: only units of quality grade 1..max_grade went into its escrow
     * (venue/submit_listing.c) */
    { 11,
      "trading venue: a listing's grade",
      "ALTER TABLE mkt_listing ADD COLUMN max_grade BIGINT NOT NULL DEFAULT 0;",
      NULL,
      NULL,
      { { 0 } } },
    /* valuations recorded (valuation/register.c): one row per report, the report itself kept
     * whole; a unit's valuations found by date */
    { 12,
      "valuation reports",
      "CREATE TABLE val_report ("
      " valuation_id TEXT PRIMARY KEY NOT NULL,"
      " valuation_date TEXT NOT NULL,"
      " unit_code TEXT NOT NULL,"
      " method TEXT NOT NULL,"
      " basis TEXT NOT NULL,"
      " unit_value DOUBLE PRECISION NOT NULL,"
      " quantity DOUBLE PRECISION NOT NULL,"
      " value DOUBLE PRECISION NOT NULL,"
      " floor_met BIGINT NOT NULL,"
      " scheme TEXT NOT NULL,"
      " request_sha256 TEXT NOT NULL,"
      " report TEXT NOT NULL,"
      " actor TEXT NOT NULL,"
      " recorded_seq BIGINT NOT NULL);"
      "CREATE INDEX val_report_unit ON val_report (unit_code, valuation_date, valuation_id);",
      NULL,
      NULL,
      { { 0 } } },
    /* a valuation approved by a reviewer other than its recorder (valuation/register.c):
     * only approved valuations are published */
    { 13,
      "valuation approval",
      "ALTER TABLE val_report ADD COLUMN approved_seq BIGINT NOT NULL DEFAULT 0;"
      "ALTER TABLE val_report ADD COLUMN approved_by TEXT NOT NULL DEFAULT '';"
      "ALTER TABLE val_report ADD COLUMN approved_date TEXT NOT NULL DEFAULT '';",
      NULL,
      NULL,
      { { 0 } } },
    /* asset bundles (组合标的, bundle/register.c): the bundle with its whole report, and its
     * components in order; a venue listing may sell a bundle (venue/submit_listing.c) */
    { 14,
      "asset bundles",
      "CREATE TABLE bnd_bundle ("
      " bundle_id TEXT PRIMARY KEY NOT NULL,"
      " name TEXT NOT NULL,"
      " valuation_date TEXT NOT NULL,"
      " seller TEXT NOT NULL,"
      " components BIGINT NOT NULL,"
      " sum_components DOUBLE PRECISION NOT NULL,"
      " value DOUBLE PRECISION NOT NULL,"
      " synergy DOUBLE PRECISION NOT NULL,"
      " floor_price_fen BIGINT NOT NULL,"
      " rule TEXT NOT NULL,"
      " report TEXT NOT NULL,"
      " actor TEXT NOT NULL,"
      " recorded_seq BIGINT NOT NULL,"
      " approved_seq BIGINT NOT NULL DEFAULT 0,"
      " approved_by TEXT NOT NULL DEFAULT '',"
      " approved_date TEXT NOT NULL DEFAULT '');"
      "CREATE TABLE bnd_component ("
      " bundle_id TEXT NOT NULL,"
      " position BIGINT NOT NULL,"
      " right_id TEXT NOT NULL,"
      " unit_code TEXT NOT NULL,"
      " valuation_id TEXT NOT NULL,"
      " value DOUBLE PRECISION NOT NULL,"
      " allocated DOUBLE PRECISION NOT NULL,"
      " floor DOUBLE PRECISION,"
      " PRIMARY KEY (bundle_id, position));"
      "CREATE INDEX bnd_component_right ON bnd_component (right_id);"
      "ALTER TABLE mkt_listing ADD COLUMN bundle_id TEXT NOT NULL DEFAULT '';",
      NULL,
      NULL,
      { { 0 } } },
    /* paid-use contracts and supervision agreements (contract/register.c): the contract whole,
     * its conditions with their latest outcome, and every check with its evidence */
    { 15,
      "contracts",
      "CREATE TABLE con_contract ("
      " contract_id TEXT PRIMARY KEY NOT NULL,"
      " kind TEXT NOT NULL,"
      " signed_date TEXT NOT NULL,"
      " grantor TEXT NOT NULL,"
      " grantee TEXT NOT NULL,"
      " term_start TEXT NOT NULL,"
      " term_end TEXT NOT NULL,"
      " price DOUBLE PRECISION NOT NULL,"
      " bond DOUBLE PRECISION NOT NULL,"
      " contract TEXT NOT NULL,"
      " actor TEXT NOT NULL,"
      " signed_seq BIGINT NOT NULL);"
      "CREATE TABLE con_condition ("
      " contract_id TEXT NOT NULL,"
      " condition_id TEXT NOT NULL,"
      " kind TEXT NOT NULL,"
      " unit_code TEXT NOT NULL,"
      " target DOUBLE PRECISION NOT NULL,"
      " basis TEXT NOT NULL,"
      " start_date TEXT NOT NULL,"
      " deadline TEXT NOT NULL,"
      " state TEXT NOT NULL,"
      " last_seq BIGINT NOT NULL,"
      " last_figure DOUBLE PRECISION,"
      " PRIMARY KEY (contract_id, condition_id));"
      "CREATE INDEX con_condition_unit ON con_condition (unit_code);"
      "CREATE TABLE con_check ("
      " contract_id TEXT NOT NULL,"
      " condition_id TEXT NOT NULL,"
      " check_seq BIGINT NOT NULL,"
      " check_date TEXT NOT NULL,"
      " evidence_kind TEXT NOT NULL,"
      " evidence_file TEXT NOT NULL,"
      " evidence_sha256 TEXT NOT NULL,"
      " evidence_year BIGINT NOT NULL,"
      " figure DOUBLE PRECISION NOT NULL,"
      " target DOUBLE PRECISION NOT NULL,"
      " outcome TEXT NOT NULL,"
      " PRIMARY KEY (contract_id, condition_id, check_seq));",
      NULL,
      NULL,
      { { 0 } } },
    /* a contract's rights by unit, so that a unit's value card finds its contracts */
    { 16,
      "contract rights by unit",
      "CREATE TABLE con_right ("
      " contract_id TEXT NOT NULL,"
      " right_id TEXT NOT NULL,"
      " unit_code TEXT NOT NULL,"
      " transferred BIGINT NOT NULL,"
      " PRIMARY KEY (contract_id, right_id));"
      "CREATE INDEX con_right_unit ON con_right (unit_code);",
      NULL,
      NULL,
      { { 0 } } },
    /* allocation plans (plan/register.c): every version whole, and its allocation units */
    { 17,
      "allocation plans",
      "CREATE TABLE pln_plan ("
      " plan_id TEXT NOT NULL,"
      " version BIGINT NOT NULL,"
      " name TEXT NOT NULL,"
      " plan_date TEXT NOT NULL,"
      " units BIGINT NOT NULL,"
      " plan TEXT NOT NULL,"
      " actor TEXT NOT NULL,"
      " recorded_seq BIGINT NOT NULL,"
      " approved_seq BIGINT NOT NULL DEFAULT 0,"
      " approved_by TEXT NOT NULL DEFAULT '',"
      " approved_date TEXT NOT NULL DEFAULT '',"
      " PRIMARY KEY (plan_id, version));"
      "CREATE TABLE pln_unit ("
      " plan_id TEXT NOT NULL,"
      " version BIGINT NOT NULL,"
      " unit_id TEXT NOT NULL,"
      " unit_code TEXT NOT NULL,"
      " reserve TEXT NOT NULL,"
      " class TEXT NOT NULL,"
      " mode TEXT NOT NULL,"
      " use_category TEXT NOT NULL,"
      " timing TEXT NOT NULL,"
      " decision TEXT NOT NULL,"
      " PRIMARY KEY (plan_id, version, unit_id));"
      "CREATE INDEX pln_unit_code ON pln_unit (unit_code);",
      NULL,
      NULL,
      { { 0 } } },
    /* ecological compensation (compensation/register.c): allocations with their parts,
     * horizontal agreements and their yearly settlements */
    { 18,
      "ecological compensation",
      "CREATE TABLE cmp_allocation ("
      " allocation_id TEXT PRIMARY KEY NOT NULL,"
      " year BIGINT NOT NULL,"
      " scheme TEXT NOT NULL,"
      " version TEXT NOT NULL,"
      " pool_wan DOUBLE PRECISION NOT NULL,"
      " total_wan BIGINT NOT NULL,"
      " regions BIGINT NOT NULL,"
      " allocation TEXT NOT NULL,"
      " actor TEXT NOT NULL,"
      " recorded_seq BIGINT NOT NULL,"
      " published_seq BIGINT NOT NULL DEFAULT 0,"
      " published_by TEXT NOT NULL DEFAULT '',"
      " published_date TEXT NOT NULL DEFAULT '');"
      "CREATE TABLE cmp_allocation_part ("
      " allocation_id TEXT NOT NULL,"
      " region TEXT NOT NULL,"
      " name TEXT NOT NULL,"
      " share DOUBLE PRECISION NOT NULL,"
      " amount_wan BIGINT NOT NULL,"
      " PRIMARY KEY (allocation_id, region));"
      "CREATE INDEX cmp_allocation_part_region ON cmp_allocation_part (region);"
      "CREATE TABLE cmp_agreement ("
      " agreement_id TEXT PRIMARY KEY NOT NULL,"
      " kind TEXT NOT NULL,"
      " upstream TEXT NOT NULL,"
      " downstream TEXT NOT NULL,"
      " valid_from TEXT NOT NULL,"
      " valid_to TEXT NOT NULL,"
      " agreement TEXT NOT NULL,"
      " actor TEXT NOT NULL,"
      " recorded_seq BIGINT NOT NULL);"
      "CREATE TABLE cmp_settlement ("
      " agreement_id TEXT NOT NULL,"
      " year BIGINT NOT NULL,"
      " state TEXT NOT NULL,"
      " payer TEXT NOT NULL,"
      " payee TEXT NOT NULL,"
      " amount_yuan DOUBLE PRECISION NOT NULL,"
      " settlement TEXT NOT NULL,"
      " dispute TEXT NOT NULL,"
      " actor TEXT NOT NULL,"
      " recorded_seq BIGINT NOT NULL,"
      " PRIMARY KEY (agreement_id, year));",
      NULL,
      NULL,
      { { 0 } } },
    /* damage cases (damage/register.c): the case as it stands, its history, its documents */
    { 19,
      "damage cases",
      "CREATE TABLE dmg_case ("
      " case_id TEXT PRIMARY KEY NOT NULL,"
      " state TEXT NOT NULL,"
      " kind TEXT NOT NULL,"
      " source TEXT NOT NULL,"
      " area_m2 DOUBLE PRECISION NOT NULL,"
      " opened TEXT NOT NULL,"
      " state_since TEXT NOT NULL,"
      " deadline TEXT NOT NULL,"
      " value_yuan DOUBLE PRECISION NOT NULL,"
      " lead TEXT NOT NULL,"
      " opened_seq BIGINT NOT NULL);"
      "CREATE INDEX dmg_case_state ON dmg_case (state);"
      "CREATE TABLE dmg_event ("
      " case_id TEXT NOT NULL,"
      " event_seq BIGINT NOT NULL,"
      " event_date TEXT NOT NULL,"
      " action TEXT NOT NULL,"
      " state TEXT NOT NULL,"
      " actor TEXT NOT NULL,"
      " role TEXT NOT NULL,"
      " reason TEXT NOT NULL,"
      " event TEXT NOT NULL,"
      " PRIMARY KEY (case_id, event_seq));"
      "CREATE TABLE dmg_document ("
      " case_id TEXT NOT NULL,"
      " event_seq BIGINT NOT NULL,"
      " kind TEXT NOT NULL,"
      " file TEXT NOT NULL,"
      " sha256 TEXT NOT NULL,"
      " PRIMARY KEY (case_id, event_seq, kind, sha256));",
      NULL,
      NULL,
      { { 0 } } },
};

const struct st_migration *st_migrations(int *n)
{
    *n = (int)(sizeof migrations / sizeof migrations[0]);
    return migrations;
}
