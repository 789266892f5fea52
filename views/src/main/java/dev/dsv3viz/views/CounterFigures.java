package dev.dsv3viz.views;

/**
 * The figures the counters show, computed by the app from the parameter and KV-cache arithmetic and the
 * experts the pass actually chose.
 *
 * @param modelName       the loaded model
 * @param activated       parameters the selected token computed with
 * @param total           all parameters of the loaded main model
 * @param touched         parameters the tokens so far touched together (their experts' union)
 * @param tokens          tokens so far (the selected position + 1)
 * @param presetName      the full-size model shown beside it
 * @param presetActivated its parameters per token
 * @param presetTotal     its parameters
 * @param mlaBytes        the loaded model's MLA cache for the tokens so far, all layers
 * @param mhaBytes        what multi-head attention of the same shapes would cache
 * @param presetMlaBytes  the preset's MLA cache for as many tokens
 * @param presetMhaBytes  the preset's multi-head attention cache for as many tokens
 * @param dtype           the element type the byte figures assume
 */
public record CounterFigures(String modelName, long activated, long total, long touched, int tokens,
                             String presetName, long presetActivated, long presetTotal, long mlaBytes,
                             long mhaBytes, long presetMlaBytes, long presetMhaBytes, String dtype) {
}
