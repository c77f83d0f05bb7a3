import math
import re
from collections import defaultdict

from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

MODULE = "crm_suite"
# A Char field is one line: longer text belongs in a Text or Html field.
CHAR_MAX_LENGTH = 10_000
# PostgreSQL refuses a btree index entry over ~2,700 bytes (index row size); an
# indexed Char value is kept well under it.
INDEXED_CHAR_MAX_BYTES = 2_000
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
BTREE_INDEXES = (True, "btree", "btree_not_null", "1")
X2MANY_ID_COMMANDS = (1, 2, 3, 4)  # update, delete, unlink, link: (cmd, id, ...)


class Base(models.AbstractModel):
    """Clean answers to bad input on crm_suite's own models, whoever calls them
    (JSON-RPC included): a value of the wrong type, an integer PostgreSQL cannot
    store, a non-finite number, an over-long one-line text or an id that does not
    exist is refused with a ValidationError naming the field, before any SQL, so the
    caller never meets a database error and nothing is half-written."""

    _inherit = "base"

    # {field name: (lowest, highest)} for numbers whose absurd values break the
    # computations that use them (hours turned into dates, ...)
    _crm_suite_bounds = {}

    @api.model_create_multi
    def create(self, vals_list):
        if self._original_module == MODULE:
            self._crm_suite_check_input(vals_list)
            self._crm_suite_check_sql_constraints(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if self._original_module == MODULE:
            self._crm_suite_check_input([vals])
            if self:
                self._crm_suite_check_sql_constraints([vals], self)
        return super().write(vals)

    def _crm_suite_constraint_columns(self, definition):
        """The stored fields a SQL constraint definition names."""
        return [
            fname
            for fname, field in self._fields.items()
            if field.store
            and field.column_type
            and re.search(rf"\b{re.escape(fname)}\b", definition)
        ]

    @api.model
    def _crm_suite_check_sql_constraints(self, vals_list, records=None):
        """Evaluate the model's UNIQUE and CHECK constraints on the incoming values
        before the INSERT/UPDATE, each in one query, so that a violation is a
        ValidationError with the constraint's message rather than a database error
        (logged as an ERROR by the server). The database constraints stay the
        guarantee under concurrency."""
        for __, definition, message in self._sql_constraints:
            kind = definition.strip().split("(", 1)[0].strip().lower()
            if kind not in ("unique", "check"):
                continue
            columns = self._crm_suite_constraint_columns(definition)
            if not columns:
                continue
            if records is None:
                rows = [
                    [
                        self._fields[c].convert_to_column_insert(vals[c], self, vals)
                        for c in columns
                    ]
                    for vals in vals_list
                    if all(c in vals for c in columns)
                ]
                if rows:
                    violated = self._crm_suite_new_rows_violate(
                        kind, definition, columns, rows
                    )
                else:
                    violated = False
            elif set(columns) & vals_list[0].keys():
                violated = self._crm_suite_written_rows_violate(
                    kind, definition, columns, vals_list[0], records
                )
            else:
                violated = False
            if violated:
                raise ValidationError(message)

    def _crm_suite_typed(self, column, value):
        return SQL("%s::%s", value, SQL(self._fields[column].column_type[1]))

    def _crm_suite_new_rows_violate(self, kind, definition, columns, rows):
        names = SQL(", ").join(SQL.identifier(c) for c in columns)
        values = SQL(", ").join(
            SQL(
                "(%s)",
                SQL(", ").join(
                    self._crm_suite_typed(c, v)
                    for c, v in zip(columns, row, strict=True)
                ),
            )
            for row in rows
        )
        if kind == "check":
            query = SQL(
                "SELECT 1 FROM (VALUES %s) AS t(%s) WHERE NOT (%s) LIMIT 1",
                values,
                names,
                SQL(definition.strip()[len("check") :]),
            )
        else:
            keys = [tuple(row) for row in rows if None not in row]
            if len(keys) != len(set(keys)):
                return True
            match = SQL(" AND ").join(
                SQL("o.%s = t.%s", SQL.identifier(c), SQL.identifier(c))
                for c in columns
            )
            query = SQL(
                "SELECT 1 FROM (VALUES %s) AS t(%s) JOIN %s o ON %s LIMIT 1",
                values,
                names,
                SQL.identifier(self._table),
                match,
            )
        return bool(self.env.execute_query(query))

    def _crm_suite_merged(self, column, vals):
        """SQL of the value ``column`` will hold after writing ``vals``."""
        field = self._fields[column]
        if column not in vals:
            return SQL.identifier("r", column)
        if field.translate and vals[column]:
            # a translated value replaces the current language's entry only
            return SQL(
                "COALESCE(%s, '{}'::jsonb) || jsonb_build_object(%s::text, %s::text)",
                SQL.identifier("r", column),
                self.env.lang or "en_US",
                str(vals[column]),
            )
        value = field.convert_to_column(vals[column], self, vals)
        return self._crm_suite_typed(column, value)

    def _crm_suite_written_rows_violate(self, kind, definition, columns, vals, records):
        records.flush_recordset(columns)
        merged = SQL(", ").join(
            SQL("%s AS %s", self._crm_suite_merged(c, vals), SQL.identifier(c))
            for c in columns
        )
        rows = SQL(
            "SELECT r.id, %s FROM %s r WHERE r.id IN %s",
            merged,
            SQL.identifier(self._table),
            tuple(records.ids),
        )
        if kind == "check":
            query = SQL(
                "SELECT 1 FROM (%s) AS t WHERE NOT (%s) LIMIT 1",
                rows,
                SQL(definition.strip()[len("check") :]),
            )
        else:
            if len(records) > 1 and all(c in vals for c in columns):
                return any(vals[c] for c in columns)
            match = SQL(" AND ").join(
                SQL("o.%s = t.%s", SQL.identifier(c), SQL.identifier(c))
                for c in columns
            )
            query = SQL(
                "SELECT 1 FROM (%s) AS t JOIN %s o ON %s AND o.id NOT IN %s LIMIT 1",
                rows,
                SQL.identifier(self._table),
                match,
                tuple(records.ids),
            )
        return bool(self.env.execute_query(query))

    @api.model
    def _crm_suite_check_input(self, vals_list):
        """Check the values of ``vals_list`` field by field; the ids referenced are
        checked with one query per target model."""
        referenced = defaultdict(set)  # {comodel: {id: field}}
        for vals in vals_list:
            if not isinstance(vals, dict):
                raise ValidationError(
                    self.env._("The values to save must be a set of fields.")
                )
            for fname, value in vals.items():
                field = self._fields.get(fname)
                if field is None:
                    raise ValidationError(
                        self.env._(
                            "%(model)s has no field %(field)s.",
                            model=self._description,
                            field=str(fname)[:100],
                        )
                    )
                for comodel, record_id in self._crm_suite_check_value(field, value):
                    referenced[comodel].add(record_id)
        self._crm_suite_check_existing(referenced)

    @api.model
    def _crm_suite_check_existing(self, referenced):
        """Raise when an id of ``referenced`` ({model: ids}) does not exist; one
        query for all the models, none for the records this transaction already
        read, made or checked."""
        cache = self.env.cache
        known = self.env.cr.cache.setdefault("crm_suite_existing_ids", set())
        pending = {}
        for comodel, ids in referenced.items():
            unknown = {
                record.id
                for record in self.env[comodel].browse(ids)
                if (comodel, record.id) not in known
                and next(cache.get_fields(record), None) is None
            }
            if unknown:
                pending[comodel] = unknown
        if not pending:
            return
        # plain SQL on purpose: only whether the ids exist is checked here, reading
        # them stays subject to the caller's rights
        found = set(
            self.env.execute_query(
                SQL(" UNION ALL ").join(
                    SQL(
                        "SELECT %s, id FROM %s WHERE id IN %s",
                        comodel,
                        SQL.identifier(self.env[comodel]._table),
                        tuple(ids),
                    )
                    for comodel, ids in pending.items()
                )
            )
        )
        known.update(found)
        for comodel, ids in pending.items():
            missing = {
                record_id for record_id in ids if (comodel, record_id) not in found
            }
            if missing:
                raise ValidationError(
                    self.env._(
                        "The record %(id)s of %(model)s does not exist (it may have "
                        "been deleted).",
                        id=min(missing),
                        model=self.env[comodel]._description,
                    )
                )

    def _crm_suite_check_value(self, field, value):
        """Raise on a value ``field`` cannot hold; yield the (model, id) pairs of
        the records it refers to."""

        def wrong(reason=None):
            return ValidationError(
                self.env._(
                    "Wrong value for %(field)s: %(reason)s",
                    field=field.string,
                    reason=reason
                    or self.env._("not a valid %(type)s", type=field.type),
                )
            )

        if value is False or value is None:
            return
        if field.type in ("many2one", "many2one_reference"):
            if isinstance(value, models.BaseModel):
                value = value.id
            if value == 0 and not isinstance(value, str):
                return  # 0 is read as "empty", as the ORM does
            if isinstance(value, bool) or not isinstance(value, int):
                raise wrong()
            if field.type == "many2one":
                yield field.comodel_name, value
            return
        if field.type in ("one2many", "many2many"):
            yield from self._crm_suite_check_commands(field, value, wrong)
            return
        self._crm_suite_check_scalar(field, value, wrong)

    def _crm_suite_check_scalar(self, field, value, wrong):
        if field.type in ("properties", "properties_definition", "json", "binary"):
            return
        if isinstance(value, (dict, list, tuple, set)):
            raise wrong()
        if field.type == "integer" and not isinstance(value, bool):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if isinstance(value, int) and not INT_MIN <= value <= INT_MAX:
                raise wrong(self.env._("%(value)s is out of range", value=value))
        if field.type in ("float", "monetary") and isinstance(value, float):
            if not math.isfinite(value):
                raise wrong(self.env._("not a finite number"))
        bounds = self._crm_suite_bounds.get(field.name)
        if bounds and isinstance(value, (int, float)) and not isinstance(value, bool):
            low, high = bounds
            if not low <= value <= high:
                raise wrong(
                    self.env._(
                        "%(value)s is not between %(low)s and %(high)s",
                        value=value,
                        low=low,
                        high=high,
                    )
                )
        if field.type == "char" and isinstance(value, str):
            if len(value) > CHAR_MAX_LENGTH:
                raise wrong(
                    self.env._(
                        "%(length)s characters, at most %(max)s",
                        length=len(value),
                        max=CHAR_MAX_LENGTH,
                    )
                )
            if (
                field.index in BTREE_INDEXES
                and len(value.encode()) > INDEXED_CHAR_MAX_BYTES
            ):
                raise wrong(self.env._("too long for a searchable field"))
        try:
            field.convert_to_cache(value, self, validate=True)
        except (ValueError, TypeError) as error:
            raise wrong() from error

    def _crm_suite_check_commands(self, field, value, wrong):
        if not isinstance(value, (list, tuple)):
            raise wrong()
        for command in value:
            if isinstance(command, int) and not isinstance(command, bool):
                yield field.comodel_name, command  # a bare id (many2many)
                continue
            if not isinstance(command, (list, tuple)) or not command:
                raise wrong()
            code = command[0]
            if code in X2MANY_ID_COMMANDS:
                if len(command) < 2 or not isinstance(command[1], int):
                    raise wrong()
                yield field.comodel_name, command[1]
            elif code == 6:
                ids = command[2] if len(command) > 2 else None
                if not isinstance(ids, (list, tuple)) or not all(
                    isinstance(i, int) and not isinstance(i, bool) for i in ids
                ):
                    raise wrong()
                for record_id in ids:
                    yield field.comodel_name, record_id
            elif code not in (0, 5):
                raise wrong()
