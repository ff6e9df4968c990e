package io.wipetrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
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
 */
class ModularityTest {

    private static final ApplicationModules MODULES = ApplicationModules.of(GatewayApplication.class);

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
    void writes_the_module_documentation() {
        final String folder = System.getProperty("wipetrace.modules.docs", "target/spring-modulith-docs");
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(folder))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        assertThat(Path.of(folder, "components.puml")).exists();
    }
}
