package io.wipetrace.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The two jars the build writes, read as the chaincode server reads them: every class of ours in the jar, loaded in a
 * class loader of its own, and the names of those annotated {@code @Contract}. The production jar serves only the
 * alliance's contracts; the {@code foundation} probe, which lets any channel member write any key, is in the test
 * network's build alone.
 */
class ChaincodeJarsIT {

    private static final Path TARGET = Path.of(System.getProperty("project.build.directory", "target"));

    @Test
    void the_production_jar_serves_the_alliances_contracts_and_no_probe() throws Exception {
        assertThat(contracts(TARGET.resolve("wipetrace-chaincode.jar")))
                .containsExactly("anchor", "device", "registry");
    }

    @Test
    void the_test_networks_build_adds_the_foundation_probe() throws Exception {
        assertThat(contracts(TARGET.resolve("wipetrace-chaincode-probe.jar")))
                .containsExactly("anchor", "device", "foundation", "registry");
    }

    @SuppressWarnings("unchecked")
    private static Set<String> contracts(final Path jar) throws IOException, ReflectiveOperationException {
        assertThat(jar).isRegularFile();
        final Set<String> names = new TreeSet<>();
        try (JarFile file = new JarFile(jar.toFile());
                URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                        ClassLoader.getPlatformClassLoader())) {
            final Class<? extends Annotation> contract = (Class<? extends Annotation>)
                    loader.loadClass("org.hyperledger.fabric.contract.annotation.Contract");
            for (String entry : file.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("io/wipetrace/") && n.endsWith(".class")).toList()) {
                final Class<?> type = Class.forName(
                        entry.substring(0, entry.length() - ".class".length()).replace('/', '.'), false, loader);
                final Annotation annotation = type.getAnnotation(contract);
                if (annotation != null) {
                    names.add((String) contract.getMethod("name").invoke(annotation));
                }
            }
        }
        return names;
    }
}
