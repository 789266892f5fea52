package dev.dsv3viz.views;

/** Whether a canvas view records the texts it draws, for a layout check. */
public enum TextCapture {
    OFF,
    RECORD,
    /** Records the texts but leaves them off the canvas, so a check can see what lies behind them. */
    RECORD_WITHOUT_DRAWING
}
