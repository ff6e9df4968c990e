package io.wipetrace.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The gateway's features are Spring Modulith application modules: each top-level package under
 * {@code io.wipetrace.gateway} is one, its public types in that package are its API and its sub-packages are its
 * internals. The check fails on a cycle between modules or on a reach into another module's internals.
 *
 * <p>The module documentation (a component diagram of all modules and a canvas per module) is written to
 * {@code target/spring-modulith-docs}; {@code -Dwipetrace.modules.docs=../docs/modules} writes it to the committed
 * copy instead (see docs/architecture.md).
 *
 * <p>Each table belongs to one module ({@link #TABLES}, the same list as docs/architecture.md): only that module's
 * SQL names it, and only modules that own tables hold a JDBC template; the others ask the owner (the read model's
 * queries are the projection's {@code *Reads}). No controller touches the database.
 */
class ModularityTest {

    private static final ApplicationModules MODULES = ApplicationModules.of(GatewayApplication.class);

    private static final String BASE = "io.wipetrace.gateway";

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(BASE);

    /** Every table of the migrations, by the module that owns it. */
    static final Map<String, Set<String>> TABLES = Map.of(
            "projection", Set.of("projection_checkpoint", "ledger_transaction", "ledger_event", "devices", "custody",
                    "erasures", "lots"),
            "security", Set.of("api_key"),
            "idempotency", Set.of("idempotency_request", "idempotency_step"),
            "anchoring", Set.of("anchor_window", "anchor_leaf", "anchor_head"),
            "bulk", Set.of("import_job", "import_batch", "import_row", "import_row_error"),
            "erasure", Set.of("report_file"),
            "trail", Set.of("write_audit"),
            "audit", Set.of("exception_acknowledgement"));

    private static final Pattern SQL_TABLE = Pattern.compile("(?i)\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+([a-z_]+)\\b");

    private static final Class<?>[] JDBC = {JdbcOperations.class, NamedParameterJdbcOperations.class,
        JdbcClient.class};

    @Test
    void has_no_cycles_between_modules_and_no_reach_into_another_modules_internals() {
        MODULES.verify();
    }

    @Test
    void the_ledger_client_depends_on_no_feature() {
        final ApplicationModule ledger = MODULES.getModuleByName("ledger").orElseThrow();
        assertThat(ledger.getDirectDependencies(MODULES).uniqueModules().map(ApplicationModule::getName))
                .as("the ledger client stands below every feature")
                .isEmpty();
    }

    @Test
    void no_controller_touches_the_database() {
        noClasses().that().haveSimpleNameEndingWith("Controller")
                .should().dependOnClassesThat().areAssignableTo(JdbcOperations.class)
                .orShould().dependOnClassesThat().areAssignableTo(NamedParameterJdbcOperations.class)
                .orShould().dependOnClassesThat().areAssignableTo(JdbcClient.class)
                .orShould().dependOnClassesThat().areAssignableTo(DataSource.class)
                .because("a controller asks its module's services or another module's queries, never the database")
                .check(CLASSES);
    }

    @Test
    void only_modules_that_own_tables_hold_a_jdbc_template() {
        final String[] owners = TABLES.keySet().stream().map(module -> BASE + "." + module + "..")
                .toArray(String[]::new);
        for (final Class<?> jdbc : JDBC) {
            noClasses().that().resideOutsideOfPackages(owners)
                    .should().dependOnClassesThat().areAssignableTo(jdbc)
                    .because("a module without tables reads another's through that module's queries")
                    .check(CLASSES);
        }
    }

    @Test
    void every_module_names_only_its_own_tables_in_sql() throws IOException {
        final Path sources = Path.of("src/main/java", BASE.split("\\."));
        final List<String> reaches = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                final String relative = sources.relativize(file).toString().replace('\\', '/');
                final String module = relative.contains("/") ? relative.substring(0, relative.indexOf('/')) : "";
                final Matcher sql = SQL_TABLE.matcher(read(file));
                while (sql.find()) {
                    final String table = sql.group(1).toLowerCase(java.util.Locale.ROOT);
                    TABLES.forEach((owner, tables) -> {
                        if (tables.contains(table) && !owner.equals(module)) {
                            reaches.add(relative + " names " + owner + "'s table " + table);
                        }
                    });
                }
            });
        }
        assertThat(reaches).as("SQL on another module's tables").isEmpty();
    }

    @Test
    void every_table_of_the_migrations_has_an_owner() throws IOException {
        final Pattern created = Pattern.compile("(?i)CREATE TABLE\\s+([a-z_]+)");
        final List<String> tables = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            files.forEach(file -> {
                final Matcher table = created.matcher(read(file));
                while (table.find()) {
                    tables.add(table.group(1).toLowerCase(java.util.Locale.ROOT));
                }
            });
        }
        assertThat(tables).isNotEmpty();
        assertThat(TABLES.values().stream().flatMap(Set::stream).toList())
                .as("the owners' tables are the migrations' tables").containsExactlyInAnyOrderElementsOf(tables);
    }

    private static String read(final Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void writes_the_module_documentation() {
        final String folder = System.getProperty("wipetrace.modules.docs", "target/spring-modulith-docs");
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(folder))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        assertThat(Path.of(folder, "components.puml")).exists();
    }
}
