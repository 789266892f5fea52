package dev.dsv3viz.model;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The engine stays free of UI code (docs/design.md): neither its classes nor its class path know JavaFX. */
class ModelHasNoUiDependencyTest {
    @Test
    void noModelClassReferencesJavaFx() {
        noClasses().that().resideInAPackage("dev.dsv3viz.model..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.dsv3viz.model"));
    }

    @Test
    void javaFxIsNotOnTheModelClassPath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("javafx.application.Platform"));
    }

    @Test
    void traceRecordsDoNotReferenceNd4j() {
        noClasses().that().resideInAPackage("dev.dsv3viz.model.trace..")
                .should().dependOnClassesThat().resideInAPackage("org.nd4j..")
                .check(new ClassFileImporter().importPackages("dev.dsv3viz.model.trace"));
    }
}
