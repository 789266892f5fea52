package dev.dsv3viz.app.layout;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.dsv3viz.views.CanvasView;
import javafx.scene.canvas.GraphicsContext;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Text reaches a canvas only through {@link CanvasView}'s drawText, so the layout check sees all of it. */
class CanvasTextRuleTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.dsv3viz");

    @Test
    void onlyCanvasViewDrawsTextOnACanvas() {
        noClasses().that().doNotHaveFullyQualifiedName(CanvasView.class.getName())
                .should().callMethod(GraphicsContext.class, "fillText", String.class, double.class, double.class)
                .orShould().callMethod(GraphicsContext.class, "fillText", String.class, double.class, double.class, double.class)
                .orShould().callMethod(GraphicsContext.class, "strokeText", String.class, double.class, double.class)
                .orShould().callMethod(GraphicsContext.class, "strokeText", String.class, double.class, double.class,
                        double.class)
                .check(classes);
    }
}
