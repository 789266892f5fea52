package dev.dsv3viz.model.training;

import dev.dsv3viz.model.ModelException;
import dev.dsv3viz.model.io.SafeTensorsFile;
import dev.dsv3viz.model.io.SafeTensorsWriter;
import dev.dsv3viz.model.nn.Tensors;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Adam with bias correction (ND4J's own updater op, one native call per tensor) and global gradient-norm
 * clipping. Its moments live in the parameters; they
 * are saved beside the checkpoint ({@code optimizer.safetensors}) so that a resumed run continues exactly
 * where it stopped.
 */
final class Adam {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.95;
    private static final double EPSILON = 1e-8;
    private final List<Param> params;
    private final double clipNorm;
    private long step;

    /** @param clipNorm the largest global gradient norm applied as is; larger gradients are scaled down to it */
    Adam(List<Param> params, double clipNorm) {
        this.params = List.copyOf(params);
        this.clipNorm = clipNorm;
    }

    /** Applies the accumulated gradients at {@code rate}, then zeroes them; returns the gradient norm before clipping. */
    double apply(double rate) {
        step++;
        double squares = 0;
        for (Param p : params) {
            double n = p.grad.norm2Number().doubleValue();
            squares += n * n;
        }
        double norm = Math.sqrt(squares);
        double clip = norm > clipNorm ? clipNorm / norm : 1.0;
        for (Param p : params) {
            // In place: the gradient becomes the update, m and v move on.
            Nd4j.exec(new AdamUpdater(p.grad.muli(clip), p.secondMoment, p.firstMoment, rate, BETA1, BETA2, EPSILON,
                    Math.toIntExact(step - 1)));
            p.value.subi(p.grad);
            p.grad.assign(0);
        }
        return norm;
    }

    long step() {
        return step;
    }

    void save(Path file) throws IOException {
        SafeTensorsWriter out = new SafeTensorsWriter();
        out.put("step", new int[]{Math.toIntExact(step)}, 1);
        for (Param p : params) {
            out.put("m." + p.name, Tensors.floats(p.firstMoment), p.value.shape());
            out.put("v." + p.name, Tensors.floats(p.secondMoment), p.value.shape());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".partial");
        out.write(tmp);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    void load(Path file) {
        SafeTensorsFile in = SafeTensorsFile.open(file);
        for (Param p : params) {
            if (!in.tensors().containsKey("m." + p.name) || !in.tensors().containsKey("v." + p.name)) {
                throw new ModelException(file + ": has no Adam moments for " + p.name + "; it belongs to another model.");
            }
            p.firstMoment.assign(Tensors.array(in.readFloats("m." + p.name), p.value.shape()));
            p.secondMoment.assign(Tensors.array(in.readFloats("v." + p.name), p.value.shape()));
        }
        step = in.readInts("step")[0];
    }
}
