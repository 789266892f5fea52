package dev.dsv3viz.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The module boundaries of docs/design.md: the model knows no JavaFX, the views know no ND4J; only the app wires them. */
class ModuleBoundariesTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.dsv3viz");

    @Test
    void modelDoesNotUseJavaFx() {
        noClasses().that().resideInAPackage("dev.dsv3viz.model..")
                .should().dependOnClassesThat().resideInAPackage("javafx..").check(classes);
    }

    @Test
    void viewsDoNotUseNd4j() {
        noClasses().that().resideInAPackage("dev.dsv3viz.views..")
                .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "dev.dsv3viz.model.nn..",
                        "dev.dsv3viz.model.io..", "dev.dsv3viz.model.config..")
                .because("views/pom.xml depends on dsv3viz-trace alone, so ND4J is not even on their class path")
                .check(classes);
    }

    @Test
    void modelDoesNotDependOnTheApp() {
        noClasses().that().resideInAPackage("dev.dsv3viz.model..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.dsv3viz.app..", "dev.dsv3viz.views..").check(classes);
    }
}
