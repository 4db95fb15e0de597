-- wrk script for bench/load.py: prints one parseable line when the run ends.
--
--   BENCH requests=N duration_s=S rps=R p50_ms=A p95_ms=B p99_ms=C max_ms=D
--         errors_connect=.. errors_read=.. errors_write=.. errors_status=.. errors_timeout=..
--
-- wrk measures latency in microseconds; the line gives milliseconds.
-- errors_status counts responses that were not 2xx or 3xx.

done = function(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d duration_s=%.3f rps=%.2f p50_ms=%.3f p95_ms=%.3f p99_ms=%.3f max_ms=%.3f "
      .. "errors_connect=%d errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d\n",
      summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(95) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000,
      e.connect, e.read, e.write, e.status, e.timeout))
end
