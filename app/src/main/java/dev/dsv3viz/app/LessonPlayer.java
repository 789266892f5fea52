package dev.dsv3viz.app;

import dev.dsv3viz.views.Messages;

import java.util.List;
import java.util.Locale;

/**
 * Walks a lesson's steps on the session: selects the lesson's token and jumps to each step in turn. It
 * remembers where the teacher was when the lesson started, so that the window can go back there.
 */
final class LessonPlayer {
    /**
     * Where the teacher was before the lesson.
     *
     * @param prompt   the prompt as typed
     * @param tokens   the prompt's tokens as run
     * @param step     the step shown
     * @param position the token selected
     */
    record Place(String prompt, int[] tokens, PassStep step, int position) {
    }

    private final SessionModel session;
    private Lesson lesson;
    private Place before;
    private int index;
    private boolean waitingForPass;
    /** Whether the loaded model lacks the current lesson step (say so rather than show another). */
    private boolean missing;

    LessonPlayer(SessionModel session) {
        this.session = session;
    }

    /** @param before where the teacher was (kept from the first lesson when one follows another); may be null */
    void start(Lesson lesson, Place before) {
        if (this.lesson == null) {
            this.before = before;
        }
        this.lesson = lesson;
        this.index = 0;
        this.waitingForPass = true;
        this.missing = false;
    }

    /** Ends the lesson; returns where the teacher was before it, or null when no lesson plays. */
    Place stop() {
        Place back = lesson == null ? null : before;
        lesson = null;
        before = null;
        return back;
    }

    boolean isPlaying() {
        return lesson != null;
    }

    /** The lesson's prompt has run: show its first step. */
    void promptRan() {
        if (lesson != null && waitingForPass) {
            waitingForPass = false;
            show();
        }
    }

    void move(int delta) {
        if (lesson != null) {
            index = Math.max(0, Math.min(lesson.steps().size() - 1, index + delta));
            show();
        }
    }

    int index() {
        return index;
    }

    /**
     * What the teacher wants said at the current step, or null outside a lesson; in the window's
     * language, that the loaded model has no such step when it lacks it.
     */
    String caption(Locale locale) {
        if (lesson == null || waitingForPass) {
            return null;
        }
        Lesson.Step step = lesson.steps().get(index);
        if (missing) {
            String kind = Messages.get("outline." + step.kind().key());
            return step.layer() < 0 ? Messages.get("lesson.step.missing", index + 1, kind)
                    : Messages.get("lesson.step.missing.layer", index + 1, kind, step.layer());
        }
        return step.caption(locale);
    }

    private void show() {
        int length = session.sequenceLength();
        int position = lesson.position() < 0 || lesson.position() >= length ? length - 1 : lesson.position();
        session.select(position);
        Lesson.Step step = lesson.steps().get(index);
        List<PassStep> steps = session.frame().steps();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).kind() == step.kind() && (step.layer() < 0 || steps.get(i).layer() == step.layer())) {
                missing = false;
                session.jump(i);
                return;
            }
        }
        missing = true;
    }
}
