/* social_spans(): the hashtags, handles and cashtags of one text, as toolkit.text.entities finds them before it
 * drops those inside URLs, or "ask" for a kind whose answer needs the regular expressions.
 *
 * Rules:
 * - Exact twin of HASHTAG_RE + HASHTAG_END_RE + _spaced_sign_joins (hashtags), MENTION_RE / MENTION_PTB_RE +
 *   MENTION_END_RE (handles) and CASHTAG_RE / CASHTAG_PTB_RE + SPACED_SYMBOL_RE (cashtags), in raw or PTB style.
 * - ASCII decisions only, from the scanner's own sign rules (_social_tokens.h). A hashtag or handle next to a
 *   non-ASCII character, a fullwidth sign, or a PTB-spaced handle (``@ name``, vetted by spaced_handle_ok) makes
 *   the whole kind None for this text: the caller runs the Python rules, which stay the definition.
 * - Cashtags are always decided here: their classes are ASCII, whitespace (str.isspace) and curly quotes.
 * - Included once, by _scan.c, after _social_tokens.h and positions_list(); no state of its own, every buffer
 *   per call. */

enum { KIND_HASHTAGS = 1, KIND_HANDLES = 2, KIND_CASHTAGS = 4 };

/* _CASHTAG_SRC's look-ahead: the end of the text, whitespace, ASCII punctuation or a curly quote */
static inline int cashtag_entity_follows(Py_UCS4 c) {
    return cashtag_follows(c) || c == 0x2019 || c == 0x2018 || c == 0x201C || c == 0x201D;
}

/* _CASHTAG_SYMBOL at lo, then the look-ahead: the symbol's end, or -1 (the regex backtracks: longest suffix first) */
static Py_ssize_t cashtag_symbol(const Text *t, Py_ssize_t lo) {
    Py_ssize_t k = lo;
    while (is_ascii_alpha(at(t, k))) k++;
    if (k == lo || k - lo > 6) return -1;
    if (at(t, k) == '.' || at(t, k) == '_') {
        Py_ssize_t e = k + 1;
        while (e < k + 3 && is_ascii_alpha(at(t, e))) e++;
        for (; e > k + 1; e--)
            if (cashtag_entity_follows(at(t, e))) return e;
    }
    return cashtag_entity_follows(at(t, k)) ? k : -1;
}

/* SPACED_SYMBOL_RE.match at lo: [A-Z]{1,6}(?:[._][A-Z]{1,2})?(?![\w$]), with the regex's backtracking */
static int spaced_symbol(const Text *t, Py_ssize_t lo) {
    Py_ssize_t k = lo;
    while (k < lo + 6 && is_ascii_upper(at(t, k))) k++;
    for (; k > lo; k--) {
        if (at(t, k) == '.' || at(t, k) == '_') {
            Py_ssize_t e = k + 1;
            while (e < k + 3 && is_ascii_upper(at(t, e))) e++;
            for (; e > k + 1; e--)
                if (!is_word(at(t, e)) && at(t, e) != '$') return 1;
        }
        if (!is_word(at(t, k)) && at(t, k) != '$') return 1;
    }
    return 0;
}

/* One sign's entity at i: ENTITY with its name's start and end, NOT_ENTITY, or ASK. */
static int hashtag_entity(const Text *t, Py_ssize_t i, int ptb, Py_ssize_t *name, Py_ssize_t *end) {
    if (at(t, i) != '#') return ASK; /* a fullwidth sign */
    int sign = hashtag_sign(t, i);
    if (sign != ENTITY) return sign;
    if (at(t, i + 1) != ' ') {
        *name = i + 1;
        return hashtag_name(t, i + 1, end);
    }
    /* `# Tag`: none in raw text; in PTB text where PTB joining glues it (after a space or the start) */
    if (!ptb) return NOT_ENTITY;
    int found = hashtag_name(t, i + 2, end);
    if (found != ENTITY) return found;
    *name = i + 2;
    Py_UCS4 p = at(t, i - 1);
    return p == NOCHAR || is_space(p) ? ENTITY : NOT_ENTITY;
}

static int handle_entity(const Text *t, Py_ssize_t i, int ptb, Py_ssize_t *name, Py_ssize_t *end) {
    if (at(t, i) != '@') return ASK;
    if (at(t, i + 1) == ' ') return ptb ? ASK : NOT_ENTITY; /* `@ name`: spaced_handle_ok decides */
    *name = i + 1;
    return mention_token(t, i, end);
}

static int cashtag_entity(const Text *t, Py_ssize_t i, int ptb, Py_ssize_t *name, Py_ssize_t *end) {
    Py_UCS4 p = at(t, i - 1);
    if (p != NOCHAR && !is_space(p)) return NOT_ENTITY;
    int spaced = at(t, i + 1) == ' ';
    if (spaced && !ptb) return NOT_ENTITY;
    Py_ssize_t lo = i + 1 + spaced, e = cashtag_symbol(t, lo);
    if (e < 0 || (spaced && !spaced_symbol(t, lo))) return NOT_ENTITY;
    *name = lo;
    *end = e;
    return ENTITY;
}

typedef int (*entity_rule)(const Text *t, Py_ssize_t i, int ptb, Py_ssize_t *name, Py_ssize_t *end);

/* [sign, name start, end, ...] of every entity the rule finds at the signs, or None (a sign asked) */
static PyObject *entity_spans(const Text *t, int ptb, Py_UCS4 sign, Py_UCS4 wide, entity_rule rule) {
    Vec spans = VEC(Py_ssize_t);
    PyObject *out = NULL;
    for (Py_ssize_t i = 0; i < t->n; i++) {
        Py_UCS4 c = at(t, i);
        if (c != sign && c != wide) continue;
        Py_ssize_t name = 0, end = 0;
        int found = rule(t, i, ptb, &name, &end);
        if (found == ASK) {
            out = Py_NewRef(Py_None);
            goto done;
        }
        if (found != ENTITY) continue;
        if (push_pos(&spans, i) < 0 || push_pos(&spans, name) < 0 || push_pos(&spans, end) < 0) goto done;
        i = end - 1; /* the regex goes on after its match (no sign inside a name) */
    }
    out = positions_list(&spans);
done:
    PyMem_Free(spans.items);
    return out;
}

static PyObject *py_social_spans(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *text;
    int ptb, kinds;
    if (!PyArg_ParseTuple(args, "Upi", &text, &ptb, &kinds)) return NULL;
    Text t;
    if (text_open(&t, text) < 0) return NULL;
    PyObject *found[3] = {NULL, NULL, NULL};
    PyObject *result = NULL;
    const int kind_bits[3] = {KIND_HASHTAGS, KIND_HANDLES, KIND_CASHTAGS};
    const Py_UCS4 signs[3][2] = {{'#', 0xFF03}, {'@', 0xFF20}, {'$', '$'}};
    const entity_rule rules[3] = {hashtag_entity, handle_entity, cashtag_entity};
    for (int k = 0; k < 3; k++) {
        found[k] = kinds & kind_bits[k] ? entity_spans(&t, ptb, signs[k][0], signs[k][1], rules[k]) : PyList_New(0);
        if (found[k] == NULL) goto done;
    }
    result = PyTuple_Pack(3, found[0], found[1], found[2]);
done:
    for (int k = 0; k < 3; k++) Py_XDECREF(found[k]);
    text_close(&t);
    return result;
}
