# Date arithmetic against the scan's clock (input.now / input.today), never the wall clock:
# the same inventory and --now must give the same findings.
package mlgov.lib.dates

today_ns := time.parse_rfc3339_ns(concat("", [input.today, "T00:00:00Z"]))

# The date n days after today, as YYYY-MM-DD. Rules compute their limits once per evaluation and
# compare sunset_date (always YYYY-MM-DD, from the normalizers) as a string: ISO dates sort in
# date order, and no per-asset parsing is needed.
after_days(n) := sprintf("%04d-%02d-%02d", time.date(time.add_date(today_ns, 0, 0, n)))
