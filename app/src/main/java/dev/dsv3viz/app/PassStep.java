package dev.dsv3viz.app;

/**
 * One stop of the walk through a forward pass.
 *
 * @param kind  what the step shows
 * @param layer the decoder layer, numbered as in the checkpoint (-1 outside layers)
 * @param depth 0 in the main model; k inside MTP module k (its input, block and head)
 */
public record PassStep(StepKind kind, int layer, int depth) {
}
