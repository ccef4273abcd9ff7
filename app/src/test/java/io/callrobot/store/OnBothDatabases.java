package io.callrobot.store;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * Runs a test twice, on an embedded H2 database and on a real PostgreSQL server, each time with a
 * new empty {@link TestDatabase} as its parameter.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(OnBothDatabases.Provider.class)
public @interface OnBothDatabases {

    /** One invocation per {@link TestDatabase.Kind}. */
    final class Provider implements TestTemplateInvocationContextProvider {

        @Override
        public boolean supportsTestTemplate(ExtensionContext context) {
            return true;
        }

        @Override
        public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
            return Stream.of(TestDatabase.Kind.values()).map(Provider::on);
        }

        private static TestTemplateInvocationContext on(TestDatabase.Kind kind) {
            return new TestTemplateInvocationContext() {
                @Override
                public String getDisplayName(int invocationIndex) {
                    return kind.name();
                }

                @Override
                public List<Extension> getAdditionalExtensions() {
                    return List.of(new ParameterResolver() {
                        @Override
                        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
                            return parameter.getParameter().getType() == TestDatabase.class;
                        }

                        @Override
                        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
                            // kept in the invocation's store: closed (and deleted) when the invocation ends
                            return context.getStore(ExtensionContext.Namespace.create(OnBothDatabases.class))
                                    .getOrComputeIfAbsent(TestDatabase.class, k -> TestDatabase.create(kind, context),
                                            TestDatabase.class);
                        }
                    });
                }
            };
        }
    }
}
