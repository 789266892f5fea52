package dev.dsv3viz.app;

import java.util.List;
import java.util.Locale;

/** Walks a lesson's steps on the session: selects the lesson's token and jumps to each step in turn. */
final class LessonPlayer {
    private final SessionModel session;
    private Lesson lesson;
    private int index;
    private boolean waitingForPass;

    LessonPlayer(SessionModel session) {
        this.session = session;
    }

    void start(Lesson lesson) {
        this.lesson = lesson;
        this.index = 0;
        this.waitingForPass = true;
    }

    void stop() {
        lesson = null;
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

    /** What the teacher wants said at the current step, or null outside a lesson. */
    String caption(Locale locale) {
        return lesson == null || waitingForPass ? null : lesson.steps().get(index).caption(locale);
    }

    private void show() {
        int length = session.sequenceLength();
        int position = lesson.position() < 0 || lesson.position() >= length ? length - 1 : lesson.position();
        session.select(position);
        Lesson.Step step = lesson.steps().get(index);
        List<PassStep> steps = session.frame().steps();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).kind() == step.kind() && (step.layer() < 0 || steps.get(i).layer() == step.layer())) {
                session.jump(i);
                return;
            }
        }
    }
}
