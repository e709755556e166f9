# Date arithmetic against the scan's clock (input.now / input.today), never the wall clock:
# the same inventory and --now must give the same findings.
package mlgov.lib.dates

day_ns := 86400000000000

today_ns := time.parse_rfc3339_ns(concat("", [input.today, "T00:00:00Z"]))

# sunset_date is guaranteed YYYY-MM-DD by the normalizers (sunset_raw keeps anything else),
# so parsing cannot raise (regorus raises where OPA would be undefined).
date_ns(d) := time.parse_rfc3339_ns(concat("", [d, "T00:00:00Z"]))

days_from_today(d) := (date_ns(d) - today_ns) / day_ns

after_days(n) := time.add_date(today_ns, 0, 0, n)
