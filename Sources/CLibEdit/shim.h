// libedit's el_set/el_get/history are variadic, which Swift cannot call.
// Each wrapper fixes one operation's argument list.
#include <stdio.h>
#include <histedit.h>

static inline int stepwise_el_set_prompt(EditLine *el, char *(*prompt)(EditLine *)) {
    return el_set(el, EL_PROMPT, prompt);
}
static inline int stepwise_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}
static inline int stepwise_el_set_history(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}
static inline int stepwise_el_set_signal(EditLine *el, int flag) {
    return el_set(el, EL_SIGNAL, flag);
}
static inline int stepwise_el_add_function(EditLine *el, const char *name, const char *help,
                                           unsigned char (*fn)(EditLine *, int)) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
static inline int stepwise_el_bind(EditLine *el, const char *key, const char *function) {
    return el_set(el, EL_BIND, key, function, NULL);
}
static inline int stepwise_history_set_size(History *h, int size) {
    HistEvent ev;
    return history(h, &ev, H_SETSIZE, size);
}
static inline int stepwise_history_set_unique(History *h, int flag) {
    HistEvent ev;
    return history(h, &ev, H_SETUNIQUE, flag);
}
static inline int stepwise_history_enter(History *h, const char *line) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, line);
}
static inline int stepwise_history_load(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_LOAD, path);
}
static inline int stepwise_history_save(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_SAVE, path);
}
/* Editing-mode terminal flags, in the syntax of libedit's `setty` builtin. */
static inline int stepwise_el_setty_edit(EditLine *el, const char *flag) {
    return el_set(el, EL_SETTY, "-d", flag, NULL);
}
/* Swift 6 rejects the C globals stdin/stdout/stderr as shared mutable state. */
static inline FILE *stepwise_stdin(void) { return stdin; }
static inline FILE *stepwise_stdout(void) { return stdout; }
static inline FILE *stepwise_stderr(void) { return stderr; }
/* The function libedit reads one character with (see EditLineReader.readCharacter). */
static inline int stepwise_el_set_getcfn(EditLine *el, el_rfunc_t function) {
    return el_set(el, EL_GETCFN, function);
}
/* Draws the prompt and the line again from scratch. */
static inline int stepwise_el_refresh(EditLine *el) {
    return el_set(el, EL_REFRESH);
}
