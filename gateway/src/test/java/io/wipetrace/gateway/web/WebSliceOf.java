package io.wipetrace.gateway.web;

import java.io.IOException;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Set;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.autoconfigure.filter.TypeExcludeFilters;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTypeExcludeFilter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.test.context.TestPropertySource;

/**
 * A web slice of some of the gateway's application modules: {@code @WebMvcTest} with the web components (controllers,
 * advice, filters) of the named modules only. The slice names what it loads; a module it does not name keeps its
 * endpoints out of the slice, and a name that is not one of the gateway's modules fails the test. (The controllers
 * are package-private, so a slice across modules names modules, not controller classes.)
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@WebMvcTest
// Each slice keeps personal data keys of its own, never in an instance's state directory.
@TestPropertySource(properties = "wipetrace.personal-data.key-dir=${java.io.tmpdir}/wipetrace-web-slice-keys-"
        + "${random.uuid}")
@TypeExcludeFilters({WebMvcTypeExcludeFilter.class, WebSliceOf.OtherModules.class})
public @interface WebSliceOf {

    /** @return the modules (top-level packages of {@code io.wipetrace.gateway}) whose web components load */
    String[] value();

    /** @return properties of the slice's environment, as {@link WebMvcTest#properties()} */
    @AliasFor(annotation = WebMvcTest.class, attribute = "properties")
    String[] properties() default {};

    /** Leaves out every component of a module the slice does not name. */
    final class OtherModules extends TypeExcludeFilter {

        private static final String BASE = "io.wipetrace.gateway.";

        private final Set<String> modules;

        OtherModules(final Class<?> testClass) {
            this.modules = Set.of(MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
                    .get(WebSliceOf.class).getStringArray("value"));
            for (final String module : modules) {
                if (testClass.getClassLoader().getResource((BASE + module).replace('.', '/')) == null) {
                    throw new IllegalArgumentException(testClass.getSimpleName() + " names " + module
                            + ", which is not a module of the gateway");
                }
            }
        }

        @Override
        public boolean match(final MetadataReader reader, final MetadataReaderFactory factory) throws IOException {
            final String name = reader.getClassMetadata().getClassName();
            if (!name.startsWith(BASE)) {
                return false;
            }
            final String rest = name.substring(BASE.length());
            return rest.contains(".") && !modules.contains(rest.substring(0, rest.indexOf('.')));
        }

        @Override
        public boolean equals(final Object other) {
            return other instanceof OtherModules o && o.modules.equals(modules);
        }

        @Override
        public int hashCode() {
            return modules.hashCode();
        }
    }
}
