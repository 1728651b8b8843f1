// Three fixes to FerretDB v1.24.2, applied at build time to a copy of the module as the proxy serves it
// (scripts/engines.mjs builds against the copy under .local/ferretdb-build). Each names the text it replaces and fails the build
// loudly if that text is not found, so a version bump cannot silently drop a fix.
//
// 1. Index-friendly equality pushdown. FerretDB sends `{f: "x"}` to PostgreSQL as `_jsonb->'f' @> '"x"'`, which
//    no B-tree index can serve: every lookup by `_id` or by an indexed key read the whole table. For string,
//    ObjectId, boolean and 32-bit integer values on a top-level key it now sends
//      `_id`:     _jsonb->'_id' = $v
//      other f:   (_jsonb->'f' = $v OR (_jsonb->'f' > 'true'::jsonb AND _jsonb->'f' @> $v))
//    which matches the same rows (`@>` of a scalar is equality, or containment in an array; arrays and objects
//    sort after every scalar in jsonb order) and which the expression indexes FerretDB creates
//    (`(_jsonb->'f')`) serve, the second arm as a range scan that is empty unless f holds arrays. FerretDB
//    filters every row again in Go, so the pushdown only has to be a superset of the matches.
// 2. Index-friendly date ranges. `$lt`, `$lte`, `$gt`, `$gte` with a date on a top-level key were not pushed
//    down at all: every "due before now" query read the whole collection. Dates are stored as milliseconds (JSON
//    numbers), so they are now sent as `_jsonb->'f' > $ms`, and `$lt`/`$lte` as
//    `(_jsonb->'f' < $ms OR _jsonb->'f' > 'true'::jsonb)`: again a superset of the matches (numbers below, plus
//    null and strings, which sort below numbers; arrays and objects, which may hold a matching date, through the
//    second arm), served by the expression index.
// 3. An update command releases each statement's query before the next. FerretDB kept every statement's cursor,
//    and so one of its 50 PostgreSQL connections, open until the command ended: a command with more statements
//    than that waited forever for a connection held by itself.

export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';

export const patches = [
  {
    file: 'internal/backends/postgresql/query.go',
    find: `	case string, types.ObjectID, time.Time:
		// merge with the case below?
		// TODO https://github.com/FerretDB/FerretDB/issues/3626

		// don't change the default eq query
		filter = fmt.Sprintf(sql, metadata.DefaultColumn, operator, p.Next(), p.Next())
		args = append(args, k, string(must.NotFail(sjson.MarshalSingleValue(v))))
`,
    replace: `	case string, types.ObjectID, time.Time:
		if _, isTime := v.(time.Time); !isTime {
			if indexed, ok := indexedEqual(p, k, operator); ok {
				return indexed, []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
			}
		}

		filter = fmt.Sprintf(sql, metadata.DefaultColumn, operator, p.Next(), p.Next())
		args = append(args, k, string(must.NotFail(sjson.MarshalSingleValue(v))))
`,
  },
  {
    file: 'internal/backends/postgresql/query.go',
    find: `	case bool, int32:
		// merge with the case above?
		// TODO https://github.com/FerretDB/FerretDB/issues/3626

		// don't change the default eq query
		filter = fmt.Sprintf(sql, metadata.DefaultColumn, operator, p.Next(), p.Next())
		args = append(args, k, v)
`,
    replace: `	case bool, int32:
		if indexed, ok := indexedEqual(p, k, operator); ok {
			return indexed, []any{v}
		}

		filter = fmt.Sprintf(sql, metadata.DefaultColumn, operator, p.Next(), p.Next())
		args = append(args, k, v)
`,
  },
  {
    file: 'internal/backends/postgresql/query.go',
    find: `// filterEqual returns the proper SQL filter`,
    replace: `// indexedEqual returns an equality on a top-level key that FerretDB's expression index on that key serves,
// with one placeholder for the value; false for dotted paths.
func indexedEqual(p *metadata.Placeholder, k any, operator string) (string, bool) {
	field, ok := k.(string)
	if !ok || operator != "->" {
		return "", false
	}

	column := metadata.DefaultColumn + "->'" + strings.ReplaceAll(field, "'", "''") + "'"
	value := p.Next()

	if field == "_id" {
		return fmt.Sprintf("%s = %s", column, value), true
	}

	return fmt.Sprintf("(%[1]s = %[2]s OR (%[1]s > 'true'::jsonb AND %[1]s @> %[2]s))", column, value), true
}

// filterEqual returns the proper SQL filter`,
  },
  {
    file: 'internal/backends/postgresql/query.go',
    find: `				default:
					// $gt and $lt
					// TODO https://github.com/FerretDB/FerretDB/issues/1875
					continue
`,
    replace: `				case "$lt", "$lte", "$gt", "$gte":
					if t, ok := v.(time.Time); ok && keyOperator == "->" {
						column := metadata.DefaultColumn + "->'" + strings.ReplaceAll(rootKey, "'", "''") + "'"
						op := map[string]string{"$lt": "<", "$lte": "<=", "$gt": ">", "$gte": ">="}[k]
						f := fmt.Sprintf("%s %s %s", column, op, p.Next())
						if k == "$lt" || k == "$lte" {
							f = fmt.Sprintf("(%s OR %s > 'true'::jsonb)", f, column)
						}
						filters = append(filters, f)
						args = append(args, t.UnixMilli())
					}

				default:
					// $gt and $lt
					// TODO https://github.com/FerretDB/FerretDB/issues/1875
					continue
`,
  },
  {
    file: 'internal/handler/msg_update.go',
    find: `		result, err := common.UpdateDocument(ctx, c, "update", iter, &u)
`,
    replace: `		result, err := common.UpdateDocument(ctx, c, "update", iter, &u)
		closer.Close()
`,
  },
];
