"""Sales orders of the `make bench` data set (issue 18: deals to orders and margin),
written with raw SQL; called by :func:`tools.bench.data.generate_money`, which owns
the temporary tables it reads (``bench_deal``, ``bench_invoice``).

- A few products with a cost (``standard_price``) through the ORM: they are few.
  Each product covers a range of unit prices, so that margins look like margins
  (at the default scale: 47% on average, 20% to 69% for four lines in five, 4% of
  the lines sold at a loss).
- Every won deal has one confirmed order (``state = 'sale'``) dated when the deal
  was won, by the deal's salesperson and team, for the deal's customer:
  - the income lines of the deal's first customer invoice become its order lines
    (``sale_order_line_invoice_rel``): the invoice line gets the product, and its
    quantity and unit price are those of the order line (same untaxed amount), so
    the line is invoiced (``qty_invoiced`` = ordered);
  - one order in three (and every order of a deal without invoice) has one more
    line, not invoiced yet ("to invoice").
  So an order has 1 to 3 lines.
- One open deal in five has a quotation (``state = 'draft'``) of 1 to 3 lines.
- Every stored value the ORM computes on orders and lines is written by the same
  rules (amounts, cost, margin, margin %, quantities and amounts invoiced and to
  invoice, invoice status, crm_suite's deal salesperson and team of the order);
  :func:`check` recomputes them through the ORM on a sample.
"""

from odoo import Command

# (name, type, cost, unit prices from): a line's product is the one whose range
# holds its unit price
PRODUCTS = [
    ("Bench Support Hour", "service", 30.0, 0.0),
    ("Bench Training Day", "service", 350.0, 200.0),
    ("Bench Consulting Day", "service", 900.0, 1000.0),
    ("Bench Licence Pack", "consu", 2000.0, 3000.0),
    ("Bench Server Appliance", "consu", 6500.0, 8000.0),
]
EXTRA_LINE_RATIO = 1 / 3  # confirmed orders with a line not invoiced yet
QUOTATION_RATIO = 0.2  # open deals with a quotation
MAX_QTY = 5
QUOTATION_VALIDITY_DAYS = 30
NOW_SQL = "(now() AT TIME ZONE 'UTC')"

# the stored computed values the generator writes, checked against the ORM
ORDER_FIELDS = [
    "amount_untaxed",
    "amount_tax",
    "amount_total",
    "margin",
    "margin_percent",
    "invoice_status",
    "currency_rate",
    "crm_user_id",
    "crm_team_id",
]
LINE_FIELDS = [
    "price_subtotal",
    "price_tax",
    "price_total",
    "price_reduce_taxexcl",
    "price_reduce_taxinc",
    "purchase_price",
    "margin",
    "margin_percent",
    "qty_delivered_method",
    "qty_invoiced",
    "qty_to_invoice",
    "untaxed_amount_invoiced",
    "untaxed_amount_to_invoice",
    "invoice_status",
    "order_partner_id",
    "salesman_id",
    "currency_id",
    "company_id",
    "state",
]


def _create_products(env):
    products = env["product.product"].create(
        [
            {
                "name": name,
                "type": kind,
                "standard_price": cost,
                "list_price": max(price_from * 1.5, 100.0),
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
            for name, kind, cost, price_from in PRODUCTS
        ]
    )
    env.flush_all()
    return products


def generate_orders(env, values):
    """Write the products, orders and order lines; returns the dataset keys that
    describe them."""
    cr = env.cr
    products = _create_products(env)
    params = {
        **values,
        "products": products.ids,
        "costs": [cost for __, __, cost, __ in PRODUCTS],
        "names": products.mapped("display_name"),
        "uoms": [product.uom_id.id for product in products],
        "price_from": [price_from for __, __, __, price_from in PRODUCTS],
        "extra_ratio": EXTRA_LINE_RATIO,
        "quotation_ratio": QUOTATION_RATIO,
        "max_qty": MAX_QTY,
        "validity": QUOTATION_VALIDITY_DAYS,
    }
    # the orders: the won deals (with their first invoice) and the quotations
    cr.execute(
        f"""
        CREATE TEMP TABLE bench_order AS
        WITH first_invoice AS (
            SELECT DISTINCT ON (lead_id) lead_id, id AS move_id
              FROM bench_invoice WHERE move_type = 'out_invoice'
             ORDER BY lead_id, invoice_date, id
        ),
        deals AS (
            SELECT d.id AS lead_id, 'sale'::varchar AS state,
                   d.date_closed AS date_order, f.move_id
              FROM bench_deal d LEFT JOIN first_invoice f ON f.lead_id = d.id
             WHERE d.won
             UNION ALL
            SELECT d.id, 'draft', LEAST(
                       {NOW_SQL}, l.create_date + make_interval(
                           secs => floor(random() * 10 * 86400)::int)
                   )::timestamp(0), NULL
              FROM bench_deal d JOIN crm_lead l ON l.id = d.id
             WHERE NOT d.won AND l.active AND random() < %(quotation_ratio)s
        )
        SELECT nextval('sale_order_id_seq') AS id, deals.*, l.partner_id,
               l.user_id, l.team_id, l.company_id, d.revenue, random() AS r_extra
          FROM deals
          JOIN crm_lead l ON l.id = deals.lead_id
          JOIN bench_deal d ON d.id = deals.lead_id;
        ALTER TABLE bench_order ADD PRIMARY KEY (id);
        ALTER TABLE bench_order ADD COLUMN seq int;
        UPDATE bench_order o SET seq = s.seq
          FROM (SELECT id, row_number() OVER (ORDER BY date_order, id) AS seq
                  FROM bench_order) s
         WHERE s.id = o.id;
        """,
        params,
    )
    # the lines: the first invoice's income lines (invoiced), one more line on a
    # third of the orders and on those without invoice, 1-3 lines on quotations
    cr.execute(
        """
        CREATE TEMP TABLE bench_order_line AS
        WITH invoiced AS (
            SELECT o.id AS order_id, aml.id AS invoice_line_id, aml.sequence AS k,
                   aml.price_subtotal AS subtotal
              FROM bench_order o
              JOIN account_move_line aml
                ON aml.move_id = o.move_id AND aml.display_type = 'product'
        ),
        invoiced_qty AS (
            -- the largest quantity that divides the amount into a unit price in cents
            SELECT invoiced.*, (
                       SELECT max(q) FROM generate_series(1, %(max_qty)s) q
                        WHERE round(invoiced.subtotal * 100)::bigint %% q = 0
                   ) AS qty
              FROM invoiced
        ),
        extra AS (
            SELECT o.id AS order_id, NULL::int AS invoice_line_id, 20 + k AS k,
                   1 + floor(random() * %(max_qty)s)::int AS qty,
                   o.revenue * (0.1 + 0.3 * random())::numeric AS amount
              FROM bench_order o,
                   generate_series(1, CASE
                        WHEN o.state = 'draft' THEN 1 + floor(o.r_extra * 3)::int
                        WHEN o.move_id IS NULL OR o.r_extra < %(extra_ratio)s THEN 1
                        ELSE 0 END) k
        ),
        priced AS (
            SELECT order_id, invoice_line_id, k, qty,
                   subtotal / qty AS price_unit
              FROM invoiced_qty
             UNION ALL
            SELECT order_id, invoice_line_id, k, qty,
                   GREATEST(round(amount / qty, 2), 1) AS price_unit
              FROM extra
        )
        SELECT nextval('sale_order_line_id_seq') AS id, p.*,
               p.qty * p.price_unit AS subtotal,
               width_bucket(p.price_unit, %(price_from)s::numeric[]) AS product_idx
          FROM priced p;
        ALTER TABLE bench_order_line ADD COLUMN cost numeric;
        UPDATE bench_order_line SET cost = (%(costs)s::numeric[])[product_idx];
        ALTER TABLE bench_order_line ADD PRIMARY KEY (id);
        ANALYZE bench_order;
        ANALYZE bench_order_line;
        """,
        params,
    )
    cr.execute(
        f"""
        WITH totals AS (
            SELECT order_id, sum(subtotal) AS untaxed,
                   sum(subtotal - cost * qty) AS margin,
                   bool_or(invoice_line_id IS NULL) AS to_invoice
              FROM bench_order_line GROUP BY order_id
        )
        INSERT INTO sale_order (
            id, name, state, date_order, validity_date, company_id, partner_id,
            partner_invoice_id, partner_shipping_id, currency_id, currency_rate,
            user_id, team_id, crm_user_id, crm_team_id, opportunity_id,
            invoice_status, amount_untaxed,
            amount_tax, amount_total, margin, margin_percent, locked,
            require_signature, require_payment, prepayment_percent, create_uid,
            write_uid, create_date, write_date
        )
        SELECT o.id, 'S' || lpad(o.seq::text, greatest(5, length(o.seq::text)), '0'),
               o.state, o.date_order, o.date_order::date + %(validity)s, o.company_id,
               o.partner_id, o.partner_id, o.partner_id, %(currency)s, 1.0,
               o.user_id, o.team_id, o.user_id, o.team_id, o.lead_id,
               CASE WHEN o.state = 'draft' THEN 'no'
                    WHEN t.to_invoice THEN 'to invoice' ELSE 'invoiced' END,
               t.untaxed, 0, t.untaxed, t.margin,
               t.margin::float8 / t.untaxed::float8, false, true, false, 1.0,
               o.user_id, o.user_id, o.date_order, LEAST({NOW_SQL}, o.date_order)
          FROM bench_order o JOIN totals t ON t.order_id = o.id
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO sale_order_line (
            id, order_id, sequence, company_id, currency_id, order_partner_id,
            salesman_id, product_id, product_uom, state, qty_delivered_method,
            invoice_status, name, product_uom_qty, price_unit, technical_price_unit,
            discount, price_subtotal, price_tax, price_total, price_reduce_taxexcl,
            price_reduce_taxinc, qty_delivered, qty_invoiced, qty_to_invoice,
            untaxed_amount_invoiced, untaxed_amount_to_invoice,
            product_packaging_qty, customer_lead, purchase_price, margin,
            margin_percent, create_uid, write_uid, create_date, write_date
        )
        SELECT l.id, o.id, l.k, o.company_id, %(currency)s, o.partner_id, o.user_id,
               (%(products)s::int[])[l.product_idx], (%(uoms)s::int[])[l.product_idx],
               o.state, 'manual',
               CASE WHEN o.state = 'draft' THEN 'no'
                    WHEN l.invoice_line_id IS NULL THEN 'to invoice'
                    ELSE 'invoiced' END,
               (%(names)s::varchar[])[l.product_idx], l.qty, l.price_unit,
               l.price_unit, 0, l.subtotal, 0, l.subtotal, l.subtotal / l.qty,
               l.subtotal / l.qty, 0,
               CASE WHEN l.invoice_line_id IS NULL THEN 0 ELSE l.qty END,
               CASE WHEN o.state = 'draft' OR l.invoice_line_id IS NOT NULL THEN 0
                    ELSE l.qty END,
               CASE WHEN l.invoice_line_id IS NULL THEN 0 ELSE l.subtotal END,
               CASE WHEN o.state = 'draft' OR l.invoice_line_id IS NOT NULL THEN 0
                    ELSE l.subtotal END,
               0, 0, l.cost, l.subtotal - l.cost * l.qty,
               (l.subtotal - l.cost * l.qty)::float8 / l.subtotal::float8,
               o.user_id, o.user_id, o.date_order, o.date_order
          FROM bench_order_line l
          JOIN bench_order o ON o.id = l.order_id
        """,
        params,
    )
    # the invoice lines the orders invoiced: product, quantity and unit price of
    # their order line (the same untaxed amount), and the invoices' origin
    cr.execute(
        """
        INSERT INTO sale_order_line_invoice_rel (invoice_line_id, order_line_id)
        SELECT invoice_line_id, id FROM bench_order_line
         WHERE invoice_line_id IS NOT NULL;
        UPDATE account_move_line aml
           SET product_id = sol.product_id, product_uom_id = sol.product_uom,
               quantity = sol.product_uom_qty, price_unit = sol.price_unit
          FROM bench_order_line l JOIN sale_order_line sol ON sol.id = l.id
         WHERE aml.id = l.invoice_line_id;
        UPDATE account_move m SET invoice_origin = so.name
          FROM bench_order o JOIN sale_order so ON so.id = o.id
         WHERE m.id = o.move_id;
        """
    )
    cr.execute(
        """
        SELECT count(*) FILTER (WHERE state = 'sale'),
               count(*) FILTER (WHERE state = 'draft'),
               (SELECT count(*) FROM bench_order_line),
               (SELECT count(*) FROM bench_order_line
                 WHERE invoice_line_id IS NOT NULL),
               max(seq)
          FROM bench_order
        """
    )
    orders, quotations, lines, invoiced_lines, last = cr.fetchone()
    # the next order made through the ORM follows the generated ones
    sequence = env["ir.sequence"].search(
        [("code", "=", "sale.order"), ("company_id", "in", [values["company"], False])],
        limit=1,
    )
    if sequence and last:
        sequence.number_next = last + 1
    cr.execute("DROP TABLE bench_order, bench_order_line")
    return {
        "orders": orders,
        "quotations": quotations,
        "order_lines": lines,
        "invoiced_order_lines": invoiced_lines,
        "product_ids": products.ids,
    }


def check(env):
    """Recompute through the ORM the stored values written with SQL on a sample of
    orders (confirmed, to invoice, quotations) and their lines; returns the
    differences, nothing is saved (the caller rolls back)."""
    cr = env.cr
    cr.execute(
        """
        (SELECT id FROM sale_order WHERE invoice_status = 'invoiced'
          ORDER BY md5(id::text) LIMIT 10)
        UNION (SELECT id FROM sale_order WHERE invoice_status = 'to invoice'
                ORDER BY md5(id::text) LIMIT 10)
        UNION (SELECT id FROM sale_order WHERE state = 'draft'
                ORDER BY md5(id::text) LIMIT 10)
        """
    )
    orders = env["sale.order"].browse([row[0] for row in cr.fetchall()])
    if not orders:
        return ["no sales order in the data set"]
    lines = orders.order_line
    stored = {
        (record, name): record[name]
        for records, names in ((orders, ORDER_FIELDS), (lines, LINE_FIELDS))
        for record in records
        for name in names
    }
    for records, names in ((lines, LINE_FIELDS), (orders, ORDER_FIELDS)):
        for name in names:
            field = records._fields[name]
            if field.compute:
                env.add_to_compute(field, records)
    problems = []
    for (record, name), value in stored.items():
        computed = record[name]
        field = record._fields[name]
        if field.type == "float" and isinstance(value, float):
            same = abs(computed - value) < 1e-9
        else:
            same = computed == value
        if not same:
            problems.append(
                f"{record._name}({record.id}).{name}: written {value!r}, "
                f"ORM {computed!r}"
            )
    # the invoice lines keep their amount: quantity x unit price = untaxed amount
    invoice_lines = lines.invoice_lines
    for line in invoice_lines:
        if round(line.quantity * line.price_unit, 2) != round(line.price_subtotal, 2):
            problems.append(
                f"account.move.line({line.id}): {line.quantity} x {line.price_unit} "
                f"!= {line.price_subtotal}"
            )
    if not invoice_lines:
        problems.append("no order line of the sample is invoiced")
    return problems
