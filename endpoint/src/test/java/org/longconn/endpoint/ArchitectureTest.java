package org.longconn.endpoint;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the server side (api, bus bridge, gateway), checked on the compiled main
 * classes: packages form no cycle, and only {@code web} knows the container's WebSocket API, so
 * routing, sessions and subscriptions stay testable without a container and portable across them.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.longconn.api", "org.longconn.bridge", "org.longconn.endpoint");
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("org.longconn.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyWebKnowsTheWebSocketApiAndTheContainer() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.longconn.endpoint.web..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("jakarta.websocket..", "org.glassfish..")
                .check(classes);
    }

    @Test
    void theApiDependsOnNoServerCode() {
        noClasses()
                .that()
                .resideInAPackage("org.longconn.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.longconn.endpoint..", "org.longconn.bridge..", "jakarta.websocket..")
                .check(classes);
    }

    @Test
    void theBusBridgeKnowsNothingOfTheGateway() {
        noClasses()
                .that()
                .resideInAPackage("org.longconn.bridge..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.longconn.endpoint..")
                .check(classes);
    }
}
