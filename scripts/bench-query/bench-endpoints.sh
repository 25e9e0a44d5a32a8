# Sourced by bench-query.sh and bench-reports.sh after the query service is packaged. The benchmark-only
# endpoints (/bench/baseline: BaselineController; /bench/reports/{id}[.pdf]: BareReportController) live in
# market-query-service's test sources, so the production jar does not carry them. For a benchmark run they are
# copied alone (not the tests) into target/bench-classes, and the fat jar is started with Spring Boot's
# PropertiesLauncher, which adds that directory to the application's class loader (loader.path). They still stay
# off unless tickstream.query.bench.baseline=true. Use "${QUERY_SERVICE[@]}" where "-jar $JAR" was.
bench_test_classes=market-query-service/target/test-classes
BENCH_CLASSES=$PWD/market-query-service/target/bench-classes
rm -rf "$BENCH_CLASSES"
mkdir -p "$BENCH_CLASSES"
(cd "$bench_test_classes" && cp --parents io/tickstream/query/bench/*.class io/tickstream/query/reports/BareReportController*.class "$BENCH_CLASSES/")
QUERY_SERVICE=(-Dloader.path="$BENCH_CLASSES" -cp "$JAR" org.springframework.boot.loader.launch.PropertiesLauncher)
