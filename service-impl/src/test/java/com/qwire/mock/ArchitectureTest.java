package com.qwire.mock;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The layering of ENGINEERING.md, enforced rather than remembered. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.qwire.mock");

    @Test
    void domainIsPlainJava() {
        classes().that().resideInAPackage("..order.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "java..", "org.slf4j..", "com.qwire.mock.order.domain..",
                        "com.qwire.mock.shared.errors..", "com.qwire.mock.shared.random..", "com.qwire.mock.shared.net..",
                        "com.qwire.mock.shared.delay..")
                .check(CLASSES);
    }

    @Test
    void callbackDomainIsPlainJava() {
        classes().that().resideInAPackage("..callback.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "java..", "org.slf4j..", "com.qwire.mock.callback.domain..", "com.qwire.mock.shared.errors..",
                        "com.qwire.mock.shared.random..", "com.qwire.mock.shared.webhook..", "com.qwire.mock.shared.delay..")
                .check(CLASSES);
    }

    @Test
    void schedulerDrivesTheDomainThroughItsPortsOnly() {
        noClasses().that().resideInAPackage("..scheduler..")
                .should().dependOnClassesThat().resideInAnyPackage("..order.api..", "..order.infra..", "com.qwire.mock.api..",
                        "org.hibernate..", "jakarta.persistence..", "jakarta.ws.rs..")
                .check(CLASSES);
    }

    @Test
    void apiDoesNotReachIntoInfrastructure() {
        noClasses().that().resideInAnyPackage("..order.api..", "..callback.api..")
                .should().dependOnClassesThat().resideInAnyPackage("..order.infra..", "..callback.infra..", "org.hibernate..",
                        "jakarta.persistence..")
                .check(CLASSES);
    }

    @Test
    void infrastructureDoesNotKnowTheHttpContract() {
        noClasses().that().resideInAPackage("..order.infra..")
                .should().dependOnClassesThat().resideInAnyPackage("com.qwire.mock.api..", "jakarta.ws.rs..", "..order.api..")
                .check(CLASSES);
    }

    @Test
    void onlyTheCompositionRootWiresEverything() {
        noClasses().that().resideOutsideOfPackage("..app..")
                .should().dependOnClassesThat().resideInAPackage("com.qwire.mock.app..")
                .check(CLASSES);
    }

    @Test
    void nobodyTakesTimeOrRandomnessDirectly() {
        // The platform clock (shared.clock) is the one place that reads real time.
        noClasses().that().resideOutsideOfPackages("com.qwire.mock.shared.random..", "com.qwire.mock.shared.clock..")
                .should().callMethod(java.util.UUID.class, "randomUUID")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callConstructor(java.util.Random.class)
                .check(CLASSES);
    }
}
