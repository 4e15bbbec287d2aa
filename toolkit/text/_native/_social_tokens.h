/* The scanner's hashtag, handle and cashtag tokens: twins of _HASHTAG_TOKEN, _MENTION_TOKEN and _CASHTAG_TOKEN
 * in toolkit/text/patterns.py (a sign is a token with its name exactly where toolkit.text.hashtags/handles/cashtags
 * find one; elsewhere it is punctuation).
 *
 * Rules:
 * - ASCII only. Where a non-ASCII character could change the answer (a letter or mark of another script in a
 *   hashtag or before its sign, an accented letter after a handle) the function returns ASK and the scanner asks
 *   the regular expression, whose Unicode classes (toolkit/text/unicode_classes.py) are the definition.
 * - Included once, by _scan.c (which defines Text, at(), NOCHAR, ci() and in_set()); no state of its own. */

enum { NOT_ENTITY = 0, ENTITY = 1, ASK = -1 };

static inline int is_ascii_alnum(Py_UCS4 c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
static inline int is_non_ascii(Py_UCS4 c) { return c != NOCHAR && c >= 0x80; }
static inline int scheme_sep(const Text *t, Py_ssize_t k) {
    return at(t, k) == ':' && at(t, k + 1) == '/' && at(t, k + 2) == '/';
}
/* (?i:http) ending at k (exclusive), not before lo */
static inline int http_before(const Text *t, Py_ssize_t lo, Py_ssize_t k) {
    return k - 4 >= lo && ci(at(t, k - 4), 'h') && ci(at(t, k - 3), 't') && ci(at(t, k - 2), 't') &&
           ci(at(t, k - 1), 'p');
}

/* Non-ASCII characters often found beside a hashtag that are never in one nor glue its sign: not \p{L}\p{M}\p{Nd},
 * not HASHTAG_SPECIALS, not U+FE0E/U+FE0F, not a fullwidth sign (… of truncated tweets, curly quotes, dashes) */
static inline int beside_hashtag(Py_UCS4 c) {
    return c == 0x2026 || c == 0x00A0 || c == 0x2019 || c == 0x2018 || c == 0x201C || c == 0x201D || c == 0x2022 ||
           c == 0x2014 || c == 0x2013;
}

/* Whether a '#' at i may start a hashtag (_HASHTAG_SIGN): ENTITY, NOT_ENTITY or ASK. */
static int hashtag_sign(const Text *t, Py_ssize_t i) {
    Py_UCS4 p = at(t, i - 1);
    /* a letter, mark or digit of any script glues; U+FE0E/U+FE0F do not */
    if (is_non_ascii(p) && !beside_hashtag(p)) return ASK;
    return p != NOCHAR && (is_ascii_alnum(p) || p == '_' || p == '&') ? NOT_ENTITY : ENTITY;
}

/* A hashtag's name from lo (HASHTAG_NAME, then no HASHTAG_END_RE after it): its end in *end (ENTITY),
 * NOT_ENTITY, or ASK. */
static int hashtag_name(const Text *t, Py_ssize_t lo, Py_ssize_t *end) {
    Py_ssize_t i = lo - 1, k = lo, first_letter = -1;
    Py_UCS4 d;
    while ((d = at(t, k)) != NOCHAR && (is_ascii_alnum(d) || d == '_')) {
        if (first_letter < 0 && is_ascii_alpha(d)) first_letter = k;
        k++;
    }
    if (is_non_ascii(d) && !beside_hashtag(d)) return ASK; /* the run may go on (letters, marks), or a fullwidth sign */
    if (first_letter < 0 || d == '#') return NOT_ENTITY;
    if (!scheme_sep(t, k)) {
        *end = k;
        return ENTITY;
    }
    /* '#MAGAhttps://t.co/x': the run before a glued scheme, when it has a letter (its characters are all
     * [\p{L}\p{M}\p{Nd}_] here, so any letter will do) */
    Py_ssize_t cut = (k - 5 > i && ci(at(t, k - 1), 's') && http_before(t, i + 1, k - 1)) ? k - 5
                     : http_before(t, i + 1, k) ? k - 4 : -1;
    if (cut < 0 || first_letter < 0 || first_letter >= cut) return NOT_ENTITY;
    *end = cut;
    return ENTITY;
}

/* '#' at i: the end of the hashtag token in *end (ENTITY), NOT_ENTITY, or ASK. */
static int hashtag_token(const Text *t, Py_ssize_t i, Py_ssize_t *end) {
    int sign = hashtag_sign(t, i);
    return sign == ENTITY ? hashtag_name(t, i + 1, end) : sign;
}

/* '@' at i: the end of the handle token (the name, not a list's /slug) in *end (ENTITY), NOT_ENTITY, or ASK. */
static int mention_token(const Text *t, Py_ssize_t i, Py_ssize_t *end) {
    Py_UCS4 p = at(t, i - 1);
    if (p != NOCHAR && (is_ascii_alnum(p) || in_set(p, "_!#$%&*@") || p == 0xFF20)) {
        /* glued, unless to a retweet's RT that itself starts a word: RT@jack */
        Py_UCS4 q = at(t, i - 3);
        if (!((p == 't' || p == 'T') && (at(t, i - 2) == 'r' || at(t, i - 2) == 'R') &&
              (q == NOCHAR || !(is_ascii_alnum(q) || in_set(q, "_+~.-")))))
            return NOT_ENTITY;
    }
    Py_ssize_t k = i + 1;
    while (is_ascii_alnum(at(t, k)) || at(t, k) == '_') k++;
    if (k == i + 1 || k - i - 1 > 20) return NOT_ENTITY; /* no name, or longer than a handle may be */
    Py_ssize_t e = k;
    if (at(t, k) == '/' && is_ascii_alpha(at(t, k + 1))) { /* a list: @user/slug, 1 + up to 24 characters */
        e = k + 2;
        while (e < k + 26 && (is_ascii_alnum(at(t, e)) || at(t, e) == '_' || at(t, e) == '-')) e++;
    }
    Py_UCS4 d = at(t, e);
    if (is_non_ascii(d)) return ASK; /* an accented latin letter or a fullwidth sign after it: no handle */
    if (d == '@' || scheme_sep(t, e)) return NOT_ENTITY;
    *end = k;
    return ENTITY;
}

/* (?<!\S)\$[a-zA-Z]{1,6}(?:[._][a-zA-Z]{1,2})?(?=$|\s|[CASHTAG_FOLLOW_PUNCT])  at i ('$') -> end, or -1 */
static inline int cashtag_follows(Py_UCS4 c) {
    return c == NOCHAR || is_space(c) || in_set(c, "!\"#%&'()*+,-./:;<=>?@[]^_{|}~$");
}
static Py_ssize_t cashtag(const Text *t, Py_ssize_t i) {
    Py_UCS4 p = at(t, i - 1);
    if (p != NOCHAR && !is_space(p)) return -1;
    Py_ssize_t k = i + 1;
    while (is_ascii_alpha(at(t, k))) k++;
    Py_ssize_t letters = k - i - 1;
    if (letters < 1 || letters > 6) return -1;
    if (at(t, k) == '.' || at(t, k) == '_') { /* the suffix, longest first (the regex backtracks) */
        Py_ssize_t e = k + 1;
        while (e < k + 3 && is_ascii_alpha(at(t, e))) e++;
        for (; e > k + 1; e--)
            if (cashtag_follows(at(t, e))) return e;
    }
    return cashtag_follows(at(t, k)) ? k : -1;
}
