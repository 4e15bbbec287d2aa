/* toolkit.text._native._scan: the compiled token scanner behind toolkit.text.tokenize and toolkit.features.
 *
 * Every function here is an exact, faster twin of a Python definition in toolkit/text/ (the
 * reference, which stays in use when this module is not built). toolkit/text/_native/twins.py pairs
 * them up, and tests/text/test_native_twins.py checks the twins against each other on the real corpora, the
 * bundled sample and random Unicode.
 *
 *   tokens(text, words_only=False)   == TOKEN_SCAN_RE.findall(text.rstrip())
 *                                      (words_only: the word tokens of WORD_SCAN_RE, punctuation dropped)
 *   token_stats(text)                == (len(tokens), len({t.lower() for t in tokens}))
 *   ptb_join(text)                   == PTB_SPACE_JOIN_RE.sub("", text.replace("``", '"').replace("''", '"'))
 *   straighten(text)                 == text with ’ ‘ → ' and “ ” → "
 *   style_counts(text)               == (ptb clues, raw clues, spaced-entity clues) of
 *                                      toolkit.text.style._detect_one (the last 0 without "# ", "$ "...)
 *   url_chunks(text)                 == [m.span() for m in URL_CHUNK_RE.finditer(text)]
 *   spaced_url_windows(text)         regions of the text that hold every PTB_SPACED_URL_RE match
 *                                      ([] without any of PTB_SPACED_URL_HINTS)
 *   quote_pairs(text)                == toolkit.text.quotations._pairs(text) (pairs, unmatched, stray)
 *   quote_counts(text)               == toolkit.text.quotations._counts(text) (quotations, quoted words)
 *   term_counts(texts)               == reference.py_term_counts(texts): the lower-cased word tokens of a list
 *                                      of texts as a vocabulary and CSR counts, plus token_stats of each
 *                                      and the token stream (column per word, -1 per punctuation token, -3
 *                                      per line break between tokens, -2 after each text)
 *   segment_keys(texts, w, c)        == reference.py_segment_keys(texts, w, c): the segments (lines, sentences)
 *                                      that may be page furniture, with the hash of their key
 *   pair_signatures(texts)           == toolkit.text.word_pairs.py_pair_signatures(texts): a Bloom filter of
 *                                      each text's adjacent word pairs (_word_pairs.h)
 *   pairs_may_hold(sizes, ...)       == toolkit.text.word_pairs.py_may_hold: which texts' signatures may hold a
 *                                      pair (_word_pairs.h)
 *   posting_runs(indptr, ...)        the NumPy passes of toolkit.index.matrix.py_posting_sizes / py_posting_bytes
 *                                      over one block of a CSR matrix's rows (_postings.h)
 *   group_cell_sums(indptr, ...)     == toolkit.index.row_group_sums.py_group_cell_sums: chosen rows of a CSR
 *                                      matrix added into dense groups x columns sums (_group_sums.h)
 *   group_sums_sparse(indptr, ...)   == toolkit.index.row_group_sums.py_group_sums_sparse: the same sums, sparse
 *   social_spans(text, ptb, kinds)   == reference.py_social_spans(text, ptb, kinds) where it answers: the
 *                                      hashtags, handles and cashtags toolkit.text.entities finds before its
 *                                      URL check; None for a kind it leaves to the regexes (_social_entities.h)
 *
 * The scanner reads the alternatives of TOKEN_RE (toolkit/text/patterns.py) in their order and
 * decides the common tokens itself: plain words and numbers, words with apostrophes or hyphens,
 * numbers with separators, hashtags, handles, cashtags and punctuation. Where a URL, an e-mail, a
 * dotted abbreviation or an emoji sequence could start, it asks the compiled Python pattern
 * (set_delegate(TOKEN_KIND_SCAN_RE)) for the one token there, so the rare hard cases keep the regex's
 * exact semantics. Character classes are those of Python's re module on str patterns:
 * \w = Py_UNICODE_ISALNUM or '_', \d = Py_UNICODE_ISDECIMAL, \s = Py_UNICODE_ISSPACE.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define NOCHAR ((Py_UCS4)0xFFFFFFFFu) /* outside the text: no character class matches it */

#define PAD 8 /* sentinel slots before and after the text: look-arounds never index outside the buffer */

/* A text as UCS4 code points c[0..n-1], with NOCHAR in c[-PAD..-1] and c[n..n+PAD-1].
 *
 * Every call converts its text into a buffer of its own and frees it before returning: no buffer or
 * table of this module outlives a call or is shared between calls, so a call re-entered from inside
 * another (a finaliser or the delegate regex running Python code while a result list grows) is safe. */
#define LOCAL_CHARS 8192 /* texts up to this size (sentinels included) are held in the Text itself */

typedef struct {
    Py_UCS4 *buf;
    const Py_UCS4 *c;
    Py_ssize_t n;
    Py_UCS4 local[LOCAL_CHARS]; /* on the calling function's stack: no allocation for most articles */
} Text;

static int text_open(Text *t, PyObject *str) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(str);
    t->n = n;
    Py_UCS4 *buf = t->local;
    if (n + 2 * PAD > LOCAL_CHARS) {
        buf = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(n + 2 * PAD));
        if (buf == NULL) { PyErr_NoMemory(); return -1; }
    }
    for (int k = 0; k < PAD; k++) buf[k] = buf[PAD + n + k] = NOCHAR;
    int kind = PyUnicode_KIND(str);
    const void *data = PyUnicode_DATA(str);
    Py_UCS4 *out = buf + PAD;
    if (kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *p = data;
        for (Py_ssize_t i = 0; i < n; i++) out[i] = p[i];
    } else if (kind == PyUnicode_2BYTE_KIND) {
        const Py_UCS2 *p = data;
        for (Py_ssize_t i = 0; i < n; i++) out[i] = p[i];
    } else {
        memcpy(out, data, sizeof(Py_UCS4) * (size_t)n);
    }
    t->buf = buf;
    t->c = out;
    return 0;
}

static void text_close(Text *t) {
    if (t->buf != t->local) PyMem_Free(t->buf);
    t->buf = NULL;
}

/* Cut the text at n (the rstripped end): what follows reads as outside the text. */
static void text_cut(Text *t, Py_ssize_t n) {
    t->buf[PAD + n] = NOCHAR;
    t->n = n;
}

#define at(t, i) ((t)->c[(i)])

static inline int is_space(Py_UCS4 c) { return c <= 0x10FFFF && Py_UNICODE_ISSPACE(c); }
static inline int is_decimal(Py_UCS4 c) {
    if (c < 128) return c >= '0' && c <= '9';
    return c <= 0x10FFFF && Py_UNICODE_ISDECIMAL(c);
}
static inline int is_word(Py_UCS4 c) {
    if (c < 128) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    return c <= 0x10FFFF && Py_UNICODE_ISALNUM(c);
}
/* [^\W\d_] */
static inline int is_letter(Py_UCS4 c) {
    if (c < 128) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    return c <= 0x10FFFF && Py_UNICODE_ISALNUM(c) && !Py_UNICODE_ISDECIMAL(c);
}
static inline int is_ascii_upper(Py_UCS4 c) { return c >= 'A' && c <= 'Z'; }
static inline int is_ascii_alpha(Py_UCS4 c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static inline int in_set(Py_UCS4 c, const char *set) {
    if (c >= 128 || c == 0) return 0;
    return strchr(set, (int)c) != NULL;
}
/* \b between i-1 and i */
static inline int word_boundary(const Text *t, Py_ssize_t i) { return is_word(at(t, i - 1)) != is_word(at(t, i)); }
/* one ASCII letter of a (?i:...) group: also U+017F (long s) for 's', as Python's re does */
static inline int ci(Py_UCS4 c, char lower) {
    if (c == (Py_UCS4)lower || c == (Py_UCS4)(lower - 32)) return 1;
    return lower == 's' && c == 0x17F;
}
/* a ZWJ or an emoji skin-tone modifier: FAST_PUNCT may not stand before one */
static inline int is_emoji_joiner(Py_UCS4 c) { return c == 0x200D || (c >= 0x1F3FB && c <= 0x1F3FF); }

/* Whether arg is a str; else a TypeError naming the function. */
static int require_str(PyObject *arg, const char *function) {
    if (PyUnicode_Check(arg)) return 1;
    PyErr_Format(PyExc_TypeError, "%s() takes a str, not %.100s", function, Py_TYPE(arg)->tp_name);
    return 0;
}

/* ------------------------------------------------------------------------------------- delegate */

static PyObject *delegate_match = NULL; /* bound method TOKEN_KIND_SCAN_RE.match */

/* The token at pos from the regex itself: its end, and whether it is a word token (group 1 set). */
static int delegate(PyObject *text, Py_ssize_t pos, Py_ssize_t *end, int *word) {
    if (delegate_match == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "toolkit.text._native._scan: set_delegate() was not called");
        return -1;
    }
    PyObject *match = Py_NewRef(delegate_match); /* held: set_delegate() may run during the call */
    PyObject *m = PyObject_CallFunction(match, "On", text, pos);
    Py_DECREF(match);
    if (m == NULL) return -1;
    if (m == Py_None) { /* cannot happen on rstripped text: \S matches any character */
        Py_DECREF(m);
        PyErr_Format(PyExc_RuntimeError, "toolkit.text._native._scan: no token at offset %zd", pos);
        return -1;
    }
    PyObject *span = PyObject_CallMethod(m, "span", "i", 1);
    PyObject *whole = span ? PyObject_CallMethod(m, "end", NULL) : NULL;
    Py_DECREF(m);
    if (whole == NULL) { Py_XDECREF(span); return -1; }
    Py_ssize_t s1 = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 0));
    *end = PyLong_AsSsize_t(whole);
    Py_DECREF(span);
    Py_DECREF(whole);
    if (PyErr_Occurred()) return -1;
    *word = s1 >= 0;
    return 0;
}

/* -------------------------------------------------------------------------------------- scanner */

static Py_ssize_t word_run(const Text *t, Py_ssize_t i) {
    while (i < t->n && is_word(at(t, i))) i++;
    return i;
}

/* URL_SRC, the e-mail pattern and the dotted abbreviations can only match at i when the run of
 * [\w+-] from i stops at '.', ':' or '@': then the regex must decide. */
static int may_be_url_or_email(const Text *t, Py_ssize_t i) {
    Py_UCS4 c;
    while ((c = at(t, i)) != NOCHAR && (is_word(c) || c == '-' || c == '+')) i++;
    return c == '.' || c == ':' || c == '@';
}

/* [+\-]?\d+(?:[,/.:\-]\d+)+[+\-]?  -> end, or -1 */
static Py_ssize_t number_with_separators(const Text *t, Py_ssize_t i) {
    Py_ssize_t k = i;
    if (at(t, k) == '+' || at(t, k) == '-') k++;
    if (!is_decimal(at(t, k))) return -1;
    while (is_decimal(at(t, k))) k++;
    int groups = 0;
    while (in_set(at(t, k), ",/.:-") && is_decimal(at(t, k + 1))) {
        k++;
        while (is_decimal(at(t, k))) k++;
        groups++;
    }
    if (!groups) return -1;
    if (at(t, k) == '+' || at(t, k) == '-') k++;
    return k;
}

#include "_social_tokens.h" /* hashtag_token(), mention_token(), cashtag() */

/* One token at i (a non-space): its end and whether it is a word token; 1 = decided, 0 = ask the regex. */
static inline __attribute__((always_inline)) int next_token(const Text *t, Py_ssize_t i, Py_ssize_t *end, int *word) {
    Py_UCS4 c = at(t, i);
    Py_UCS4 nx = at(t, i + 1);
    *word = 1;
    if (c >= 0x10000) return 0; /* emoji, flags, astral letters: rare, the regex decides */
    if (is_letter(c)) {
        Py_ssize_t j = i;
        while (is_letter(at(t, j))) j++;
        Py_UCS4 f = at(t, j);
        /* _FAST_WORD: [^\W\d_]++(?=[\s,;!?)\]\"]|\.(?!\w)|:(?!//)|\Z) */
        if (f == NOCHAR || is_space(f) || in_set(f, ",;!?)]\"") || (f == '.' && !is_word(at(t, j + 1))) ||
            (f == ':' && !(at(t, j + 1) == '/' && at(t, j + 2) == '/'))) {
            *end = j;
            return 1;
        }
        if (may_be_url_or_email(t, i)) return 0;
        /* [^\W\d_](?:[^\W\d_]|['\-_])+[^\W\d_] (longest), else \w+ */
        Py_ssize_t k = i + 1, last = -1;
        Py_UCS4 d;
        while ((d = at(t, k)) != NOCHAR && (is_letter(d) || d == '\'' || d == '-' || d == '_')) {
            if (is_letter(d)) last = k;
            k++;
        }
        *end = last >= i + 2 ? last + 1 : word_run(t, i);
        return 1;
    }
    if (is_decimal(c)) {
        Py_ssize_t j = i;
        while (is_decimal(at(t, j))) j++;
        Py_UCS4 f = at(t, j);
        /* _FAST_NUMBER: \d++(?=[\s;!?)\]\"%]|[,:/](?!\d)|\.(?!\w)|\Z) */
        if (f == NOCHAR || is_space(f) || in_set(f, ";!?)]\"%") || (in_set(f, ",:/") && !is_decimal(at(t, j + 1))) ||
            (f == '.' && !is_word(at(t, j + 1)))) {
            *end = j;
            return 1;
        }
        if (may_be_url_or_email(t, i)) return 0;
        Py_ssize_t e = number_with_separators(t, i);
        *end = e >= 0 ? e : word_run(t, i);
        return 1;
    }
    if (c == '_') {
        if (may_be_url_or_email(t, i)) return 0;
        *end = word_run(t, i);
        return 1;
    }
    if (c == '#' || c == '@') { /* _HASHTAG_TOKEN, _MENTION_TOKEN (fullwidth signs: the regex decides) */
        int found = c == '#' ? hashtag_token(t, i, end) : mention_token(t, i, end);
        if (found == ASK) return 0;
        if (found == ENTITY) return 1;
        goto punctuation;
    } else if (c == 0xFF03 || c == 0xFF20) {
        return 0;
    } else if (c == '$') {
        Py_ssize_t e = cashtag(t, i);
        if (e >= 0) {
            *end = e;
            return 1;
        }
    } else if (c == '+' || c == '-') {
        Py_ssize_t e = number_with_separators(t, i);
        if (e >= 0) {
            *end = e;
            return 1;
        }
    }
    /* punctuation alternatives: no word alternative matched */
punctuation:
    *word = 0;
    if (is_emoji_joiner(nx)) return 0; /* an emoji sequence (\S\u200d\S ...): the regex decides */
    if (c == '.') {
        /* _FAST_PUNCT \.(?![^\S\r\n]*\.), else the ellipsis \.(?:[^\S\r\n]*\.)+ */
        Py_ssize_t k = i + 1, last = i;
        for (;;) {
            Py_ssize_t m = k;
            Py_UCS4 d;
            while ((d = at(t, m)) != '\r' && d != '\n' && is_space(d)) m++;
            if (at(t, m) != '.') break;
            last = m;
            k = m + 1;
        }
        *end = last + 1;
        return 1;
    }
    /* _FAST_PUNCT's other characters and the catch-all \S are both one character here */
    *end = i + 1;
    return 1;
}

typedef int (*token_sink)(void *state, const Text *t, Py_ssize_t start, Py_ssize_t end, int word);

/* Scan text (rstripped) and hand each token to sink; words_only skips punctuation tokens. */
static inline __attribute__((always_inline)) int scan(PyObject *text, int words_only, token_sink sink, void *state) {
    Text t;
    if (text_open(&t, text) < 0) return -1;
    Py_ssize_t full = t.n, n = t.n;
    while (n > 0 && is_space(at(&t, n - 1))) n--;
    text_cut(&t, n);
    Py_ssize_t i = 0;
    PyObject *stripped = NULL; /* the delegate must see the rstripped text (\Z) */
    int rc = 0;
    while (i < n) {
        while (i < n && is_space(at(&t, i))) i++;
        if (i >= n) break;
        Py_ssize_t end;
        int word;
        if (!next_token(&t, i, &end, &word)) {
            if (stripped == NULL) {
                stripped = n == full ? Py_NewRef(text) : PyUnicode_Substring(text, 0, n);
                if (stripped == NULL) { rc = -1; break; }
            }
            if (delegate(stripped, i, &end, &word) < 0) { rc = -1; break; }
        }
        if ((word || !words_only) && sink(state, &t, i, end, word) < 0) { rc = -1; break; }
        i = end;
    }
    Py_XDECREF(stripped);
    text_close(&t);
    return rc;
}

/* ------------------------------------------------------------------------------------- tokens() */

typedef struct {
    PyObject *text;
    PyObject *list;
} ListSink;

static int list_sink(void *state, const Text *t, Py_ssize_t start, Py_ssize_t end, int word) {
    ListSink *ls = (ListSink *)state;
    (void)t;
    (void)word;
    PyObject *tok = PyUnicode_Substring(ls->text, start, end);
    if (tok == NULL) return -1;
    int rc = PyList_Append(ls->list, tok);
    Py_DECREF(tok);
    return rc;
}

static PyObject *py_tokens(PyObject *self, PyObject *args, PyObject *kwargs) {
    static char *kwlist[] = {"text", "words_only", NULL};
    PyObject *text;
    int words_only = 0;
    (void)self;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "U|p", kwlist, &text, &words_only)) return NULL;
    ListSink ls = {text, PyList_New(0)};
    if (ls.list == NULL) return NULL;
    if (scan(text, words_only, list_sink, &ls) < 0) {
        Py_DECREF(ls.list);
        return NULL;
    }
    return ls.list;
}

/* -------------------------------------------------------------------------------- token_stats() */

/* Distinct lower-cased tokens: an open-addressing table of ASCII keys (code points of the text, or
 * the bytes of a lower-cased copy kept alive in `keep`), and a Python set for keys that are not ASCII.
 * The table belongs to one call: allocated small, doubled as keys arrive, freed before returning. */
typedef struct {
    uint64_t hash;
    const void *chars; /* Py_UCS4 of the text (to be lower-cased) or, when narrow, Py_UCS1 already lower */
    uint32_t len;
    uint32_t flags;    /* USED_BIT: the slot holds a key; NARROW_BIT: chars are Py_UCS1 */
} Key;

#define NARROW_BIT 0x80000000u
#define USED_BIT 0x1u

typedef struct {
    Key *slots;
    Py_ssize_t mask; /* slots - 1 (a power of two), or -1 before the first key */
    Py_ssize_t used;
} Table;

typedef struct {
    PyObject *text;
    PyObject *keep;   /* lower-cased non-ASCII tokens whose lower() is ASCII (kept alive for their keys) */
    PyObject *others; /* lower-cased tokens that are not ASCII */
    Py_ssize_t tokens;
    Table table;
} StatsSink;

static inline Py_UCS4 ascii_lower(Py_UCS4 c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
static inline Py_UCS4 key_char(const Key *k, Py_ssize_t i) {
    return (k->flags & NARROW_BIT) ? ((const Py_UCS1 *)k->chars)[i] : ascii_lower(((const Py_UCS4 *)k->chars)[i]);
}

static int keys_equal(const Key *a, const Key *b) {
    if (a->hash != b->hash || a->len != b->len) return 0;
    if (!((a->flags | b->flags) & NARROW_BIT)) {
        const Py_UCS4 *x = a->chars, *y = b->chars;
        for (uint32_t i = 0; i < a->len; i++)
            if (x[i] != y[i] && ascii_lower(x[i]) != ascii_lower(y[i])) return 0;
        return 1;
    }
    for (uint32_t i = 0; i < a->len; i++)
        if (key_char(a, i) != key_char(b, i)) return 0;
    return 1;
}

#define FNV_OFFSET 1469598103934665603ULL
#define FNV_PRIME 1099511628211ULL
#define WORD_MIX 0x9E3779B97F4A7C15ULL
static inline uint64_t finish_hash(uint64_t h) { return h ^ (h >> 29); }

/* Token hashes (the tables of one call only): a lower-cased ASCII token is hashed 8 characters to a 64-bit word
 * (one multiply per word, not per character); a token whose lower-cased form is not ASCII, by FNV-1a of its
 * code points. Both paths give the same hash for the same lower-cased string. */
static inline uint64_t mix_word(uint64_t h, uint64_t w) {
    h = (h ^ w) * WORD_MIX;
    return h ^ (h >> 32);
}
/* The hash of c[start..end) lower-cased, if ASCII; *stop: where the first non-ASCII character stopped it, or end */
static inline uint64_t ascii_lower_hash(const Py_UCS4 *c, Py_ssize_t start, Py_ssize_t end, Py_ssize_t *stop) {
    uint64_t h = FNV_OFFSET, w = 0;
    int k = 0;
    Py_ssize_t i = start;
    for (; i < end && c[i] < 128; i++) {
        w |= (uint64_t)ascii_lower(c[i]) << (8 * k);
        if (++k == 8) h = mix_word(h, w), w = 0, k = 0;
    }
    *stop = i;
    return k ? mix_word(h, w) : h;
}
/* The same hash of an ASCII str's bytes (already lower-cased) */
static inline uint64_t ascii_bytes_hash(const Py_UCS1 *b, Py_ssize_t n) {
    uint64_t h = FNV_OFFSET, w = 0;
    int k = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        w |= (uint64_t)b[i] << (8 * k);
        if (++k == 8) h = mix_word(h, w), w = 0, k = 0;
    }
    return k ? mix_word(h, w) : h;
}

static void table_put(Key *slots, Py_ssize_t mask, const Key *key) {
    Py_ssize_t j = (Py_ssize_t)(key->hash & (uint64_t)mask);
    while (slots[j].flags & USED_BIT) j = (j + 1) & mask;
    slots[j] = *key;
}

/* Double the slots; the first size is a guess from the text's length (about one type per 12 characters
 * in news, at most half the slots used). */
static int table_grow(Table *tb, Py_ssize_t text_chars) {
    Py_ssize_t old = tb->mask + 1, cap = 256;
    if (old) cap = old * 2;
    else while (cap < text_chars / 6 && cap < (1 << 16)) cap *= 2;
    Key *slots = PyMem_Calloc((size_t)cap, sizeof(Key));
    if (slots == NULL) { PyErr_NoMemory(); return -1; }
    for (Py_ssize_t i = 0; i < old; i++)
        if (tb->slots[i].flags & USED_BIT) table_put(slots, cap - 1, &tb->slots[i]);
    PyMem_Free(tb->slots);
    tb->slots = slots;
    tb->mask = cap - 1;
    return 0;
}

static int table_add(Table *tb, Key *key, Py_ssize_t text_chars) {
    if ((tb->used + 1) * 2 > tb->mask + 1 && table_grow(tb, text_chars) < 0) return -1;
    Py_ssize_t j = (Py_ssize_t)(key->hash & (uint64_t)tb->mask);
    while (tb->slots[j].flags & USED_BIT) {
        if (keys_equal(&tb->slots[j], key)) return 0;
        j = (j + 1) & tb->mask;
    }
    key->flags |= USED_BIT;
    tb->slots[j] = *key;
    tb->used++;
    return 0;
}

static int stats_sink(void *state, const Text *t, Py_ssize_t start, Py_ssize_t end, int word) {
    StatsSink *st = (StatsSink *)state;
    (void)word;
    st->tokens++;
    const Py_UCS4 *c = t->c;
    Py_ssize_t i;
    uint64_t h = ascii_lower_hash(c, start, end, &i); /* while checking the characters are ASCII */
    if (i == end) {
        Key key = {finish_hash(h), c + start, (uint32_t)(end - start), 0};
        return table_add(&st->table, &key, t->n);
    }
    PyObject *tok = PyUnicode_Substring(st->text, start, end);
    if (tok == NULL) return -1;
    PyObject *low = PyObject_CallMethod(tok, "lower", NULL);
    Py_DECREF(tok);
    if (low == NULL) return -1;
    int rc;
    if (PyUnicode_IS_ASCII(low)) { /* e.g. the Kelvin sign: "\u212aing".lower() == "king" */
        rc = PyList_Append(st->keep, low);
        if (rc == 0) {
            const Py_UCS1 *b = PyUnicode_1BYTE_DATA(low);
            Py_ssize_t len = PyUnicode_GET_LENGTH(low);
            Key key = {finish_hash(ascii_bytes_hash(b, len)), b, (uint32_t)len, NARROW_BIT};
            rc = table_add(&st->table, &key, t->n);
        }
    } else {
        rc = PySet_Add(st->others, low);
    }
    Py_DECREF(low);
    return rc;
}

/* The table's keys point into the scan's Text buffer and into `keep`: both live until the counts are read. */
static PyObject *py_token_stats(PyObject *self, PyObject *arg) {
    (void)self;
    if (!require_str(arg, "token_stats")) return NULL;
    StatsSink st = {arg, PyList_New(0), PySet_New(NULL), 0, {NULL, -1, 0}};
    PyObject *result = NULL;
    if (st.keep && st.others && scan(arg, 0, stats_sink, &st) == 0)
        result = Py_BuildValue("nn", st.tokens, st.table.used + PySet_GET_SIZE(st.others));
    PyMem_Free(st.table.slots);
    Py_XDECREF(st.keep);
    Py_XDECREF(st.others);
    return result;
}

/* --------------------------------------------------------------------------------- ptb_join() */

/* (?i:s|re|ve|ll|d|m|t)(?![\w'-]) at i */
static int split_clitic(const Text *t, Py_ssize_t i) {
    Py_UCS4 a = at(t, i), b = at(t, i + 1);
    Py_ssize_t len = 0;
    if (ci(a, 's') || ci(a, 'd') || ci(a, 'm') || ci(a, 't')) len = 1;
    else if ((ci(a, 'r') && ci(b, 'e')) || (ci(a, 'v') && ci(b, 'e')) || (ci(a, 'l') && ci(b, 'l'))) len = 2;
    else return 0;
    Py_UCS4 f = at(t, i + len);
    return !(is_word(f) || f == '\'' || f == '-');
}

/* (?i:n't|'(?:s|re|ve|ll|d|m))(?![\w'-]) at i */
static int clitic(const Text *t, Py_ssize_t i) {
    Py_UCS4 a = at(t, i);
    Py_ssize_t len;
    if (ci(a, 'n')) {
        if (at(t, i + 1) != '\'' || !ci(at(t, i + 2), 't')) return 0;
        len = 3;
    } else if (a == '\'') {
        Py_UCS4 b = at(t, i + 1), c = at(t, i + 2);
        if (ci(b, 's') || ci(b, 'd') || ci(b, 'm')) len = 2;
        else if ((ci(b, 'r') && ci(c, 'e')) || (ci(b, 'v') && ci(c, 'e')) || (ci(b, 'l') && ci(c, 'l'))) len = 3;
        else return 0;
    } else {
        return 0;
    }
    Py_UCS4 f = at(t, i + len);
    return !(is_word(f) || f == '\'' || f == '-');
}

/* [A-Z]{1,6}(?:[._][A-Z]{1,2})?(?![\w$]) at i */
static int upper_symbol(const Text *t, Py_ssize_t i) {
    Py_ssize_t k = i;
    while (is_ascii_upper(at(t, k))) k++;
    Py_ssize_t letters = k - i;
    if (letters < 1 || letters > 6) return 0;
    if (at(t, k) == '.' || at(t, k) == '_') {
        Py_ssize_t e = k + 1;
        while (is_ascii_upper(at(t, e))) e++;
        Py_ssize_t m = e - k - 1;
        if (m >= 1 && m <= 2 && !(is_word(at(t, e)) || at(t, e) == '$')) return 1;
    }
    return !(is_word(at(t, k)) || at(t, k) == '$');
}

/* Whether PTB_SPACE_JOIN_RE deletes the space at i (see its comments in patterns.py). */
static int joins(const Text *t, Py_ssize_t i) {
    Py_UCS4 p1 = at(t, i - 1), nx = at(t, i + 1);
    if (p1 == '#' || p1 == 0xFF03 || p1 == '$' || p1 == '\'') {
        if ((p1 == '#' || p1 == 0xFF03) && !(at(t, i - 2) != NOCHAR && !is_space(at(t, i - 2))) && is_word(nx))
            return 1;
        if (p1 == '$' && !(at(t, i - 2) != NOCHAR && !is_space(at(t, i - 2))) && upper_symbol(t, i + 1)) return 1;
        if (p1 == '\'' && at(t, i - 2) == ' ') {
            Py_UCS4 p3 = at(t, i - 3);
            if (is_word(p3) && split_clitic(t, i + 1)) return 1;
            if ((p3 == 'O' || p3 == 'D') && word_boundary(t, i - 3) && is_ascii_upper(nx)) return 1;
        }
    }
    if (!(nx == 'n' || nx == 'N' || nx == 't' || nx == 'T' || nx == '\'' || nx == '.' || is_ascii_upper(nx)))
        return 0;
    if (is_word(p1)) {
        if (clitic(t, i + 1)) return 1;
        if (nx == '\'' && at(t, i + 2) == ' ' && split_clitic(t, i + 3)) return 1;
    }
    if ((p1 == 'O' || p1 == 'D') && word_boundary(t, i - 1) && nx == '\'') {
        Py_UCS4 c2 = at(t, i + 2);
        if (is_ascii_upper(c2) || (c2 == ' ' && is_ascii_upper(at(t, i + 3)))) return 1;
    }
    if (at(t, i - 3) != NOCHAR && (at(t, i - 3) == 'C' || at(t, i - 3) == 'c') && at(t, i - 2) == 'a' && p1 == 'n' &&
        word_boundary(t, i - 3) && nx == 'n' && at(t, i + 2) == 'o' && at(t, i + 3) == 't' && word_boundary(t, i + 4))
        return 1;
    if (nx == '.' && is_ascii_alpha(at(t, i - 3)) && at(t, i - 2) == '.' && is_ascii_alpha(p1) &&
        !is_word(at(t, i - 4)) && (at(t, i + 2) == NOCHAR || is_space(at(t, i + 2))))
        return 1;
    {
        Py_UCS4 a = at(t, i - 3), b = at(t, i - 2);
        int before = (ci(a, 'g') && ci(b, 'o') && ci(p1, 'n')) || (ci(a, 'w') && ci(b, 'a') && ci(p1, 'n')) ||
                     (ci(a, 'g') && ci(b, 'o') && ci(p1, 't'));
        if (before && word_boundary(t, i - 3) && (ci(nx, 'n') || ci(nx, 't')) && ci(at(t, i + 2), 'a') &&
            word_boundary(t, i + 3))
            return 1;
    }
    return 0;
}

/* ``text.replace("``", '"').replace("''", '"')`` then PTB_SPACE_JOIN_RE's deletions: toolkit.text.tokenize.join_ptb's
 * first two steps in one call (backticks and apostrophes are different characters, so the two
 * replacements can be done in one left-to-right pass). */
static PyObject *py_ptb_join(PyObject *self, PyObject *arg) {
    (void)self;
    if (!require_str(arg, "ptb_join")) return NULL;
    Text src;
    if (text_open(&src, arg) < 0) return NULL;
    Py_ssize_t n = src.n;
    Py_UCS4 *buf = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(2 * n + 2 * PAD + 1));
    if (buf == NULL) { text_close(&src); return PyErr_NoMemory(); }
    Py_UCS4 *mid = buf + PAD, *out = buf + n + 2 * PAD;
    Py_ssize_t m = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = src.c[i];
        if ((c == '`' || c == '\'') && src.c[i + 1] == c) {
            mid[m++] = '"';
            i++;
        } else {
            mid[m++] = c;
        }
    }
    text_close(&src);
    for (int k = 0; k < PAD; k++) buf[k] = mid[m + k] = NOCHAR;
    Text t; /* read only through c and n: its local buffer stays unused */
    t.buf = buf;
    t.c = mid;
    t.n = m;
    Py_ssize_t o = 0;
    for (Py_ssize_t i = 0; i < m; i++) {
        Py_UCS4 c = mid[i];
        if (c == ' ' && joins(&t, i)) continue;
        out[o++] = c;
    }
    PyObject *result = o == n && m == n ? Py_NewRef(arg) : PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, o);
    PyMem_Free(buf);
    return result;
}

/* ’ ‘ -> '  and  “ ” -> "  (toolkit.text.tokenize._straighten) */
static PyObject *py_straighten(PyObject *self, PyObject *arg) {
    (void)self;
    if (!require_str(arg, "straighten")) return NULL;
    if (PyUnicode_IS_ASCII(arg) || PyUnicode_KIND(arg) == PyUnicode_1BYTE_KIND) return Py_NewRef(arg);
    Text t;
    if (text_open(&t, arg) < 0) return NULL;
    Py_ssize_t first = -1;
    for (Py_ssize_t i = 0; i < t.n; i++) {
        Py_UCS4 c = t.c[i];
        if (c == 0x2018 || c == 0x2019 || c == 0x201C || c == 0x201D) { first = i; break; }
    }
    if (first < 0) { text_close(&t); return Py_NewRef(arg); }
    Py_UCS4 *out = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(t.n + 1));
    if (out == NULL) { text_close(&t); return PyErr_NoMemory(); }
    memcpy(out, t.c, sizeof(Py_UCS4) * (size_t)t.n);
    for (Py_ssize_t i = first; i < t.n; i++) {
        Py_UCS4 c = out[i];
        if (c == 0x2018 || c == 0x2019) out[i] = '\'';
        else if (c == 0x201C || c == 0x201D) out[i] = '"';
    }
    PyObject *result = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, t.n);
    PyMem_Free(out);
    text_close(&t);
    return result;
}

/* ------------------------------------------------------------------------------- style_counts() */

/* Non-overlapping occurrences (str.count semantics) of each clue, in one pass. */
/* UCS-4 literals, so no call converts or caches anything (U+2019 is the curly apostrophe) */
static const Py_UCS4 *const CLUES[] = {
    /* spaced punctuation */ U" , ", U" . ", U" .\n", U" ; ", U" ? ",
    /* glued punctuation */ U", ", U". ", U".\n", U"; ", U"? ",
    /* PTB substrings */ U" n't", U" n\u2019t", U" 's ", U" \u2019s ", U"``", U" '' ",
};
#define N_CLUES 16

/* len(PTB_SPACED_ENTITY_CLUE_RE.findall(text)) -- ``# Word``, ``$ TWTR``, ``( @ name`` after a space or
 * the start (the matches cannot overlap) -- when the text has "# ", "＃ ", "$ " or "( @ ", else 0 */
static Py_ssize_t spaced_entity_clues(const Text *t) {
    Py_ssize_t clues = 0;
    int gate = 0;
    for (Py_ssize_t p = 0; p < t->n; p++) {
        Py_UCS4 c = t->c[p];
        if (c > '(' && c != 0xFF03) continue; /* '#', '$' and '(' are below every letter */
        if ((c != '#' && c != 0xFF03 && c != '$' && c != '(') || t->c[p + 1] != ' ') continue;
        if (c != '(' || (t->c[p + 2] == '@' && t->c[p + 3] == ' ')) gate = 1;
        if (p > 0 && !is_space(t->c[p - 1])) continue;
        if (c == '(') {
            if ((t->c[p + 2] == '@' || t->c[p + 2] == 0xFF20) && t->c[p + 3] == ' ' && is_word(t->c[p + 4])) clues++;
        } else if (c == '$') {
            Py_ssize_t k = p + 2;
            while (is_ascii_upper(t->c[k])) k++;
            if (k - p - 2 >= 1 && k - p - 2 <= 6 && !is_word(t->c[k])) clues++;
        } else if (is_letter(t->c[p + 2])) {
            clues++;
        }
    }
    return gate ? clues : 0;
}

static PyObject *py_style_counts(PyObject *self, PyObject *arg) {
    (void)self;
    const Py_UCS4 *const *clue = CLUES;
    Py_ssize_t clue_len[N_CLUES];
    for (int k = 0; k < N_CLUES; k++) {
        Py_ssize_t len = 0;
        while (CLUES[k][len]) len++;
        clue_len[k] = len;
    }
    if (!require_str(arg, "style_counts")) return NULL;
    Text t;
    if (text_open(&t, arg) < 0) return NULL;
    Py_ssize_t count[N_CLUES] = {0}, next_free[N_CLUES] = {0};
    /* the clues that can start at i, by their first two characters (the sentinels end every match) */
    for (Py_ssize_t i = 0; i < t.n; i++) {
        if (t.c[i] > '?' && t.c[i] != '`') continue; /* letters and most other characters: no clue starts */
        int first = -1, second = -1; /* clue indices to try at i */
        switch (t.c[i]) {
        case ' ':
            switch (t.c[i + 1]) {
            case ',': first = 0; break;
            case '.': first = 1; second = 2; break;
            case ';': first = 3; break;
            case '?': first = 4; break;
            case 'n': first = 10; second = 11; break;
            case '\'': first = 12; second = 15; break;
            case 0x2019: first = 13; break;
            default: continue;
            }
            break;
        case ',': first = 5; break;
        case '.': first = 6; second = 7; break;
        case ';': first = 8; break;
        case '?': first = 9; break;
        case '`': first = 14; break;
        default: continue;
        }
        for (int pass = 0; pass < 2; pass++) {
            int k = pass ? second : first;
            if (k < 0 || i < next_free[k]) continue;
            Py_ssize_t j = 1;
            while (j < clue_len[k] && t.c[i + j] == clue[k][j]) j++;
            if (j == clue_len[k]) {
                count[k]++;
                next_free[k] = i + clue_len[k];
            }
        }
    }
    Py_ssize_t spaced = count[0] + count[1] + count[2] + count[3] + count[4];
    Py_ssize_t glued = count[5] + count[6] + count[7] + count[8] + count[9] - spaced;
    if (t.n >= 2 && t.c[t.n - 1] == '.' && t.c[t.n - 2] == ' ') spaced++;
    else if (t.n >= 1 && t.c[t.n - 1] == '.') glued++;
    Py_ssize_t ptb = spaced;
    for (int k = 10; k < N_CLUES; k++) ptb += count[k];
    Py_ssize_t entities = spaced_entity_clues(&t);
    text_close(&t);
    return Py_BuildValue("nnn", ptb, glued, entities);
}

/* --------------------------------------------------------------------------------- url_chunks() */

/* [(start, end)] of URL_CHUNK_RE.finditer(text): the whitespace-delimited runs that contain "://"
 * or a dot followed by two ASCII letters (every URL lies inside one). */
static PyObject *py_url_chunks(PyObject *self, PyObject *arg) {
    (void)self;
    if (!require_str(arg, "url_chunks")) return NULL;
    PyObject *out = PyList_New(0);
    if (out == NULL) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg);
    if (PyUnicode_FindChar(arg, '.', 0, n, 1) < 0 && PyUnicode_FindChar(arg, ':', 0, n, 1) < 0) return out;
    Text t;
    if (text_open(&t, arg) < 0) { Py_DECREF(out); return NULL; }
    Py_ssize_t i = 0;
    while (i < n) {
        while (i < n && is_space(t.c[i])) i++;
        Py_ssize_t lo = i;
        int hit = 0;
        while (i < n && !is_space(t.c[i])) {
            Py_UCS4 c = t.c[i];
            if (!hit && c < 64 && ((c == ':' && t.c[i + 1] == '/' && t.c[i + 2] == '/') ||
                         (c == '.' && is_ascii_alpha(t.c[i + 1]) && is_ascii_alpha(t.c[i + 2]))))
                hit = 1;
            i++;
        }
        if (hit) {
            PyObject *span = Py_BuildValue("nn", lo, i);
            if (span == NULL || PyList_Append(out, span) < 0) {
                Py_XDECREF(span);
                Py_DECREF(out);
                text_close(&t);
                return NULL;
            }
            Py_DECREF(span);
        }
    }
    text_close(&t);
    return out;
}

/* ------------------------------------------------------------------------- spaced_url_windows() */

/* Regions of the text that hold every match of PTB_SPACED_URL_RE (``pic . twitter . com / AbC``), or
 * none when the text has none of PTB_SPACED_URL_HINTS (then the re-gluing is skipped altogether):
 * each match contains a TLD anchor ``\. ?(?:com|org|net|gov|edu)\b``; it starts at most as far back as
 * the run of [A-Za-z0-9\-. ] before the anchor reaches and ends at most as far as the run of
 * [\w\-.?=&%/ ] after it. Overlapping or touching regions are merged, so no match crosses a boundary,
 * and the character at each region's end can extend no match: running the regex on the regions alone
 * finds exactly its matches on the whole text. */
/* any of PTB_SPACED_URL_HINTS: ". com", " .com" or "com /" (and org, net, gov, edu) */
static int tld_letters(const Text *t, Py_ssize_t i) {
    static const char *const TLDS[] = {"com", "org", "net", "gov", "edu"};
    for (int k = 0; k < 5; k++)
        if (t->c[i] == (Py_UCS4)TLDS[k][0] && t->c[i + 1] == (Py_UCS4)TLDS[k][1] && t->c[i + 2] == (Py_UCS4)TLDS[k][2])
            return 1;
    return 0;
}
/* a TLD word at i: com|org|net|gov|edu followed by a word boundary */
static int tld_at(const Text *t, Py_ssize_t i) { return tld_letters(t, i) && !is_word(t->c[i + 3]); }
static int spaced_url_hint(const Text *t) {
    for (Py_ssize_t i = 0; i < t->n; i++) {
        Py_UCS4 c = t->c[i];
        if (((c == '.' && t->c[i + 1] == ' ') || (c == ' ' && t->c[i + 1] == '.')) && tld_letters(t, i + 2)) return 1;
        if (c == ' ' && t->c[i + 1] == '/' && i >= 3 && tld_letters(t, i - 3)) return 1;
    }
    return 0;
}
static inline int url_back_char(Py_UCS4 c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ' ';
}
static inline int url_forward_char(Py_UCS4 c) { return is_word(c) || in_set(c, "-.?=&%/ "); }

static PyObject *py_spaced_url_windows(PyObject *self, PyObject *arg) {
    (void)self;
    if (!require_str(arg, "spaced_url_windows")) return NULL;
    PyObject *out = PyList_New(0);
    if (out == NULL) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg);
    if (PyUnicode_FindChar(arg, '.', 0, n, 1) < 0) return out;
    Text t;
    if (text_open(&t, arg) < 0) { Py_DECREF(out); return NULL; }
    if (!spaced_url_hint(&t)) { text_close(&t); return out; }
    Py_ssize_t win_lo = -1, win_hi = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (t.c[i] != '.') continue;
        Py_ssize_t tld = t.c[i + 1] == ' ' && tld_at(&t, i + 2) ? i + 2 : tld_at(&t, i + 1) ? i + 1 : -1;
        if (tld < 0) continue;
        Py_ssize_t lo = i, hi = tld + 3;
        while (lo > 0 && url_back_char(t.c[lo - 1])) lo--;
        while (hi < n && url_forward_char(t.c[hi])) hi++;
        if (win_lo >= 0 && lo <= win_hi) { /* overlaps or touches the current region */
            if (hi > win_hi) win_hi = hi;
        } else {
            if (win_lo >= 0) {
                PyObject *span = Py_BuildValue("nn", win_lo, win_hi);
                if (span == NULL || PyList_Append(out, span) < 0) { Py_XDECREF(span); goto fail; }
                Py_DECREF(span);
            }
            win_lo = lo;
            win_hi = hi;
        }
        i = hi > i ? hi - 1 : i; /* anchors inside this region are covered by it */
    }
    if (win_lo >= 0) {
        PyObject *span = Py_BuildValue("nn", win_lo, win_hi);
        if (span == NULL || PyList_Append(out, span) < 0) { Py_XDECREF(span); goto fail; }
        Py_DECREF(span);
    }
    text_close(&t);
    return out;
fail:
    text_close(&t);
    Py_DECREF(out);
    return NULL;
}

/* ------------------------------------------------------------------ quote_pairs(), quote_counts() */

/* The pairing of toolkit/text/quotations.py (_pairs, _double_marks, _single_marks, _pair, _reopens,
 * _apostrophe, _outside, _outermost, _counts), step for step; see that module for the rules. */

enum { D_STRAY, D_OPEN, D_CLOSE, D_EITHER, D_SOFT_CLOSE, D_WEAK_CLOSE };

typedef struct { Py_ssize_t pos, end; int dir; } Mark;
typedef struct { Py_ssize_t open, open_end, close, close_end, paragraphs; } Pair;

typedef struct { void *items; Py_ssize_t len, cap; size_t size; } Vec;

static int vec_push(Vec *v, const void *item) {
    if (v->len == v->cap) {
        Py_ssize_t cap = v->cap ? v->cap * 2 : 16;
        void *items = PyMem_Realloc(v->items, v->size * (size_t)cap);
        if (items == NULL) { PyErr_NoMemory(); return -1; }
        v->items = items;
        v->cap = cap;
    }
    memcpy((char *)v->items + v->size * (size_t)v->len, item, v->size);
    v->len++;
    return 0;
}
static int push_pos(Vec *v, Py_ssize_t pos) { return vec_push(v, &pos); }
#define VEC(type) {NULL, 0, 0, sizeof(type)}
#define ITEMS(v, type) ((type *)(v).items)

static inline int py_isspace(Py_UCS4 c) { return is_space(c); }
static inline int py_isdigit(Py_UCS4 c) { return c <= 0x10FFFF && Py_UNICODE_ISDIGIT(c); }
static inline int py_isalnum(Py_UCS4 c) { return c <= 0x10FFFF && Py_UNICODE_ISALNUM(c); }
static inline Py_UCS4 before(const Text *t, Py_ssize_t pos) { return pos > 0 ? t->c[pos - 1] : ' '; }
static inline Py_UCS4 after(const Text *t, Py_ssize_t end) { return end < t->n ? t->c[end] : ' '; }

static Py_ssize_t find_newline(const Text *t, Py_ssize_t lo, Py_ssize_t hi) {
    if (lo < 0) lo = 0;
    for (Py_ssize_t i = lo; i < hi && i < t->n; i++)
        if (t->c[i] == '\n') return i;
    return -1;
}
static int all_space(const Text *t, Py_ssize_t lo, Py_ssize_t hi) {
    for (Py_ssize_t i = lo; i < hi; i++)
        if (!py_isspace(t->c[i])) return 0;
    return 1;
}
static int has_word(const Text *t, Py_ssize_t lo, Py_ssize_t hi) {
    for (Py_ssize_t i = lo; i < hi; i++)
        if (is_word(t->c[i])) return 1;
    return 0;
}

/* the double marks in text order: " “ ” `` '' ‘‘ ’’ (each kind found without overlaps, like str.find) */
/* Also tells whether the text has a PTB ``\`\``` (then ``''`` closes) and a left single quote ``‘``. */
static int scan_double_marks(const Text *t, Vec *found_pos, Vec *found_len, Vec *found_glyph, int *ptb_close,
                             int *has_lquote) {
    Py_ssize_t free_bt = 0, free_ap = 0, free_lq = 0, free_rq = 0; /* `` '' ‘‘ ’’ */
    *ptb_close = *has_lquote = 0;
    for (Py_ssize_t i = 0; i < t->n; i++) {
        Py_UCS4 c = t->c[i];
        if (c < 128 ? (c != '"' && c != '`' && c != '\'') : (c < 0x2018 || c > 0x201D)) continue; /* most text */
        if (c == 0x2018) *has_lquote = 1;
        Py_ssize_t len = 0;
        int glyph = 0;
        if (c == '"') { len = 1; glyph = D_EITHER; }
        else if (c == 0x201C) { len = 1; glyph = D_OPEN; }
        else if (c == 0x201D) { len = 1; glyph = D_CLOSE; }
        else if (c == '`' && t->c[i + 1] == '`' && i >= free_bt) { len = 2; glyph = D_OPEN; free_bt = i + 2; }
        else if (c == '\'' && t->c[i + 1] == '\'' && i >= free_ap) { len = 2; glyph = -1; free_ap = i + 2; }
        else if (c == 0x2018 && t->c[i + 1] == 0x2018 && i >= free_lq) { len = 2; glyph = D_OPEN; free_lq = i + 2; }
        else if (c == 0x2019 && t->c[i + 1] == 0x2019 && i >= free_rq) { len = 2; glyph = D_CLOSE; free_rq = i + 2; }
        if (!len) continue;
        if (c == '`') *ptb_close = 1;
        if (push_pos(found_pos, i) < 0 || push_pos(found_len, len) < 0 || push_pos(found_glyph, glyph) < 0) return -1;
    }
    return 0;
}

static int double_marks(const Text *t, Vec *marks, Vec *stray, int *has_lquote) {
    Vec fpos = VEC(Py_ssize_t), flen = VEC(Py_ssize_t), fglyph = VEC(Py_ssize_t);
    int rc = -1, ptb_close;
    if (scan_double_marks(t, &fpos, &flen, &fglyph, &ptb_close, has_lquote) < 0) goto done;
    Py_ssize_t nf = fpos.len, alone = 0, one_side = 0;
    for (Py_ssize_t k = 0; k < nf; k++) {
        Py_ssize_t pos = ITEMS(fpos, Py_ssize_t)[k], end = pos + ITEMS(flen, Py_ssize_t)[k];
        int left = py_isspace(before(t, pos)), right = py_isspace(after(t, end));
        if (left && right) alone++;
        else if (left || right) one_side++;
    }
    int spaced = alone > one_side;
    for (Py_ssize_t k = 0; k < nf; k++) {
        Py_ssize_t pos = ITEMS(fpos, Py_ssize_t)[k], end = pos + ITEMS(flen, Py_ssize_t)[k];
        int glyph = (int)ITEMS(fglyph, Py_ssize_t)[k];
        if (glyph < 0) glyph = ptb_close ? D_CLOSE : D_EITHER; /* '' */
        Py_UCS4 prev = before(t, pos), nxt = after(t, end);
        int left = py_isspace(prev), right = py_isspace(nxt), d;
        if (spaced) {
            d = left && right ? glyph : D_STRAY;
        } else if (prev == '\'' && glyph == D_EITHER && pos >= 2 && py_isdigit(t->c[pos - 2])) {
            d = D_STRAY; /* 6'2" */
        } else {
            int may_open = left || (prev < 0x10000 && (in_set(prev, "([{-/") || prev == 0x2014 || prev == 0x2013));
            int may_close = right || (in_set(nxt, ",.;:!?)]}-") || nxt == 0x2014 || nxt == 0x2013 || nxt == 0x2026);
            d = may_open && !may_close ? D_OPEN : may_close && !may_open ? D_CLOSE : glyph;
        }
        if (d == D_STRAY) {
            if (push_pos(stray, pos) < 0) goto done;
        } else {
            Mark m = {pos, end, d};
            if (vec_push(marks, &m) < 0) goto done;
        }
    }
    rc = 0;
done:
    PyMem_Free(fpos.items);
    PyMem_Free(flen.items);
    PyMem_Free(fglyph.items);
    return rc;
}

/* \s(?:s|t|d|m|re|ve|ll|S|T|D|M|RE|VE|LL)\b at i */
static int split_clitic_after_space(const Text *t, Py_ssize_t i) {
    if (!py_isspace(t->c[i])) return 0;
    Py_UCS4 a = t->c[i + 1], b = t->c[i + 2];
    Py_ssize_t len = 0;
    if (a == 's' || a == 't' || a == 'd' || a == 'm' || a == 'S' || a == 'T' || a == 'D' || a == 'M') len = 1;
    if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l') || (a == 'R' && b == 'E') ||
        (a == 'V' && b == 'E') || (a == 'L' && b == 'L'))
        len = 2;
    if (!len) return 0;
    Py_ssize_t e = i + 1 + len;
    return e >= t->n || !is_word(t->c[e]);
}

static int single_marks(const Text *t, Vec *marks) {
    Vec found = VEC(Py_ssize_t);
    int rc = -1;
    Py_ssize_t openings = 0, spaced_openings = 0;
    for (Py_ssize_t i = 0; i < t->n; i++) {
        Py_UCS4 c = t->c[i];
        if (c != 0x2018 && c != 0x2019) continue;
        if ((i > 0 && t->c[i - 1] == c) || (i + 1 < t->n && t->c[i + 1] == c)) continue;
        if (push_pos(&found, i) < 0) goto done;
        if (c == 0x2018) {
            openings++;
            if (i + 1 < t->n && py_isspace(t->c[i + 1])) spaced_openings++;
        }
    }
    int spaced = 2 * spaced_openings > openings;
    for (Py_ssize_t k = 0; k < found.len; k++) {
        Py_ssize_t pos = ITEMS(found, Py_ssize_t)[k];
        Py_UCS4 mark = t->c[pos], prev = before(t, pos), nxt = after(t, pos + 1);
        int d = -1;
        if (spaced) {
            if (!(py_isspace(prev) && py_isspace(nxt))) continue;
            if (mark == 0x2018) d = D_OPEN;
            else if (!(pos + 1 < t->n && split_clitic_after_space(t, pos + 1)))
                d = (pos >= 2 && t->c[pos - 2] == 's') ? D_WEAK_CLOSE : D_SOFT_CLOSE;
        } else if (mark == 0x2018) {
            if (!(py_isspace(nxt) || py_isdigit(nxt))) d = D_OPEN;
        } else if (!py_isspace(prev) && !py_isalnum(nxt)) {
            d = (prev == 's' && nxt == ' ') ? D_WEAK_CLOSE : D_SOFT_CLOSE;
        }
        if (d >= 0) {
            Mark m = {pos, pos + 1, d};
            if (vec_push(marks, &m) < 0) goto done;
        }
    }
    rc = 0;
done:
    PyMem_Free(found.items);
    return rc;
}

static int reopens(const Text *t, Py_ssize_t last_end, Py_ssize_t pos) {
    Py_ssize_t first = find_newline(t, last_end, pos), last = first;
    for (Py_ssize_t i = pos - 1; i >= first; i--)
        if (t->c[i] == '\n') { last = i; break; }
    return all_space(t, last + 1, pos) && all_space(t, first, last);
}

static int apostrophe(const Text *t, const Mark *marks, Py_ssize_t n_marks, Py_ssize_t i) {
    Py_ssize_t pos = marks[i].pos;
    for (Py_ssize_t k = i + 1; k < n_marks; k++) {
        if (marks[k].dir == D_OPEN || find_newline(t, pos, marks[k].pos) >= 0) return 0;
        if (marks[k].dir == D_CLOSE || marks[k].dir == D_SOFT_CLOSE || marks[k].dir == D_WEAK_CLOSE) return 1;
    }
    return 0;
}

/* [.!?…][ \t]+\Z searched in text[pos-8:pos] */
static int sentence_break_before(const Text *t, Py_ssize_t pos) {
    Py_ssize_t lo = pos - 8 > 0 ? pos - 8 : 0, j = pos;
    while (j - 1 >= lo && (t->c[j - 1] == ' ' || t->c[j - 1] == '\t')) j--;
    if (j == pos || j - 1 < lo) return 0;
    Py_UCS4 c = t->c[j - 1];
    return c == '.' || c == '!' || c == '?' || c == 0x2026;
}

static int pair_marks(const Text *t, const Mark *marks, Py_ssize_t n_marks, int flat_ok, Vec *pairs, Vec *unmatched) {
    if (n_marks == 0) return 0;
    int flat = flat_ok && find_newline(t, 0, t->n) < 0;
    Vec reopened = VEC(Py_ssize_t);
    int has_opener = 0, rc = -1;
    Py_ssize_t op_pos = 0, op_end = 0, last_end = 0;
#define DROP_OPEN()                                                                                   \
    do {                                                                                              \
        if (has_opener) {                                                                             \
            if (push_pos(unmatched, op_pos) < 0) goto done;                                           \
            for (Py_ssize_t r = 0; r < reopened.len; r++)                                             \
                if (push_pos(unmatched, ITEMS(reopened, Py_ssize_t)[r]) < 0) goto done;               \
        }                                                                                             \
        has_opener = 0;                                                                               \
        reopened.len = 0;                                                                             \
    } while (0)
    for (Py_ssize_t i = 0; i < n_marks; i++) {
        Py_ssize_t pos = marks[i].pos, end = marks[i].end;
        int d = marks[i].dir;
        int closes = d == D_CLOSE || d == D_SOFT_CLOSE || d == D_WEAK_CLOSE;
        if (has_opener && find_newline(t, last_end, pos) >= 0) {
            if (!closes && reopens(t, last_end, pos)) {
                if (push_pos(&reopened, pos) < 0) goto done;
                last_end = end;
                continue;
            }
            DROP_OPEN();
        } else if (flat && d == D_OPEN && has_opener && sentence_break_before(t, pos)) {
            if (push_pos(&reopened, pos) < 0) goto done;
            last_end = end;
            continue;
        }
        if (d == D_OPEN || (d == D_EITHER && !has_opener)) {
            DROP_OPEN();
            has_opener = 1;
            op_pos = pos;
            op_end = end;
            last_end = end;
        } else if (!has_opener) {
            if (d < D_SOFT_CLOSE && push_pos(unmatched, pos) < 0) goto done;
        } else if (d == D_WEAK_CLOSE && apostrophe(t, marks, n_marks, i)) {
            continue;
        } else if (!has_word(t, op_end, pos)) {
            if (push_pos(unmatched, op_pos) < 0 || push_pos(unmatched, pos) < 0) goto done;
            has_opener = 0;
            reopened.len = 0;
        } else {
            Pair p = {op_pos, op_end, pos, end, reopened.len + 1};
            if (vec_push(pairs, &p) < 0) goto done;
            has_opener = 0;
            reopened.len = 0;
        }
    }
    DROP_OPEN();
#undef DROP_OPEN
    rc = 0;
done:
    PyMem_Free(reopened.items);
    return rc;
}

static int cmp_pos(const void *a, const void *b) {
    Py_ssize_t x = *(const Py_ssize_t *)a, y = *(const Py_ssize_t *)b;
    return (x > y) - (x < y);
}
static int cmp_pair(const void *a, const void *b) {
    const Pair *x = a, *y = b;
    const Py_ssize_t kx[5] = {x->open, x->open_end, x->close, x->close_end, x->paragraphs};
    const Py_ssize_t ky[5] = {y->open, y->open_end, y->close, y->close_end, y->paragraphs};
    for (int i = 0; i < 5; i++)
        if (kx[i] != ky[i]) return (kx[i] > ky[i]) - (kx[i] < ky[i]);
    return 0;
}

/* _pairs(text): pairs, unmatched (sorted), stray */
static int find_pairs(const Text *t, Vec *pairs, Vec *unmatched, Vec *stray) {
    Vec marks = VEC(Mark), singles = VEC(Mark), outside = VEC(Mark), spairs = VEC(Pair), sunmatched = VEC(Py_ssize_t);
    int rc = -1;
    int has_lquote;
    if (double_marks(t, &marks, stray, &has_lquote) < 0) goto done;
    if (pair_marks(t, ITEMS(marks, Mark), marks.len, stray->len == 0, pairs, unmatched) < 0) goto done;
    if (has_lquote) {
        if (single_marks(t, &singles) < 0) goto done;
        /* _outside: the single marks not inside a double-mark quotation (pairs are ordered, disjoint) */
        const Pair *pp = ITEMS(*pairs, Pair);
        for (Py_ssize_t k = 0; k < singles.len; k++) {
            Mark m = ITEMS(singles, Mark)[k];
            Py_ssize_t lo = 0, hi = pairs->len; /* bisect_right over the starts */
            while (lo < hi) {
                Py_ssize_t mid = (lo + hi) / 2;
                if (m.pos < pp[mid].open) hi = mid; else lo = mid + 1;
            }
            Py_ssize_t j = lo - 1;
            if ((j < 0 || m.pos >= pp[j].close_end) && vec_push(&outside, &m) < 0) goto done;
        }
        if (pair_marks(t, ITEMS(outside, Mark), outside.len, stray->len == 0, &spairs, &sunmatched) < 0) goto done;
        if (spairs.len || sunmatched.len) {
            for (Py_ssize_t k = 0; k < spairs.len; k++)
                if (vec_push(pairs, &ITEMS(spairs, Pair)[k]) < 0) goto done;
            /* _outermost: sorted, the pairs not starting inside the previous kept one */
            qsort(pairs->items, (size_t)pairs->len, sizeof(Pair), cmp_pair);
            Py_ssize_t kept = 0;
            Pair *all = ITEMS(*pairs, Pair);
            for (Py_ssize_t k = 0; k < pairs->len; k++)
                if (kept == 0 || all[k].open >= all[kept - 1].close_end) all[kept++] = all[k];
            pairs->len = kept;
            for (Py_ssize_t k = 0; k < sunmatched.len; k++)
                if (push_pos(unmatched, ITEMS(sunmatched, Py_ssize_t)[k]) < 0) goto done;
        }
    }
    for (Py_ssize_t k = 0; k < stray->len; k++)
        if (push_pos(unmatched, ITEMS(*stray, Py_ssize_t)[k]) < 0) goto done;
    if (unmatched->len > 1) qsort(unmatched->items, (size_t)unmatched->len, sizeof(Py_ssize_t), cmp_pos);
    rc = 0;
done:
    PyMem_Free(marks.items);
    PyMem_Free(singles.items);
    PyMem_Free(outside.items);
    PyMem_Free(spairs.items);
    PyMem_Free(sunmatched.items);
    return rc;
}

/* len(_WORD.findall(text, lo, hi)), _WORD = \w+(?:(?:['’.\-]|(?<=\d),(?=\d))\w+)* */
static Py_ssize_t count_words(const Text *t, Py_ssize_t lo, Py_ssize_t hi) {
    Py_ssize_t words = 0, i = lo;
    while (i < hi) {
        if (!is_word(t->c[i])) { i++; continue; }
        words++;
        for (;;) {
            while (i < hi && is_word(t->c[i])) i++;
            if (i + 1 >= hi) break;
            Py_UCS4 sep = t->c[i];
            int joined = sep == '\'' || sep == 0x2019 || sep == '.' || sep == '-' ||
                         (sep == ',' && is_decimal(t->c[i - 1]) && is_decimal(t->c[i + 1]));
            if (!joined || !is_word(t->c[i + 1])) break;
            i++;
        }
    }
    return words;
}

static PyObject *positions_list(const Vec *v) {
    PyObject *out = PyList_New(v->len);
    if (out == NULL) return NULL;
    for (Py_ssize_t k = 0; k < v->len; k++) {
        PyObject *x = PyLong_FromSsize_t(ITEMS(*v, Py_ssize_t)[k]);
        if (x == NULL) { Py_DECREF(out); return NULL; }
        PyList_SET_ITEM(out, k, x);
    }
    return out;
}

/* One text's pairing, shared by quote_pairs() and quote_counts(). */
typedef struct {
    Text t;
    Vec pairs, unmatched, stray;
} QuoteScan;

static void quote_scan_close(QuoteScan *q) {
    PyMem_Free(q->pairs.items);
    PyMem_Free(q->unmatched.items);
    PyMem_Free(q->stray.items);
    text_close(&q->t);
}

/* Pair the marks of arg into q (0), or set an exception and leave nothing to free (-1). */
static int quote_scan(QuoteScan *q, PyObject *arg, const char *function) {
    Vec pairs = VEC(Pair), positions = VEC(Py_ssize_t);
    q->pairs = pairs;
    q->unmatched = q->stray = positions;
    if (!require_str(arg, function) || text_open(&q->t, arg) < 0) return -1;
    if (find_pairs(&q->t, &q->pairs, &q->unmatched, &q->stray) == 0) return 0;
    quote_scan_close(q);
    return -1;
}

static PyObject *py_quote_pairs(PyObject *self, PyObject *arg) {
    (void)self;
    QuoteScan q;
    if (quote_scan(&q, arg, "quote_pairs") < 0) return NULL;
    PyObject *result = NULL, *ulist = NULL, *slist = NULL;
    PyObject *plist = PyList_New(q.pairs.len);
    if (plist == NULL) goto done;
    for (Py_ssize_t k = 0; k < q.pairs.len; k++) {
        Pair p = ITEMS(q.pairs, Pair)[k];
        PyObject *tup = Py_BuildValue("nnnnn", p.open, p.open_end, p.close, p.close_end, p.paragraphs);
        if (tup == NULL) goto done;
        PyList_SET_ITEM(plist, k, tup);
    }
    if ((ulist = positions_list(&q.unmatched)) == NULL || (slist = positions_list(&q.stray)) == NULL) goto done;
    result = PyTuple_Pack(3, plist, ulist, slist);
done:
    Py_XDECREF(plist);
    Py_XDECREF(ulist);
    Py_XDECREF(slist);
    quote_scan_close(&q);
    return result;
}

static PyObject *py_quote_counts(PyObject *self, PyObject *arg) {
    (void)self;
    QuoteScan q;
    if (quote_scan(&q, arg, "quote_counts") < 0) return NULL;
    Py_ssize_t words = 0;
    for (Py_ssize_t k = 0; k < q.pairs.len; k++)
        words += count_words(&q.t, ITEMS(q.pairs, Pair)[k].open_end, ITEMS(q.pairs, Pair)[k].close);
    PyObject *result = Py_BuildValue("nn", q.pairs.len, words);
    quote_scan_close(&q);
    return result;
}

/* ---------------------------------------------------------------------------------- term_counts() */

/* The lower-cased word tokens of many texts counted into one vocabulary (ids in order of first
 * appearance) and CSR rows (cells in order of first appearance within the row), plus each text's
 * token_stats(), in one scan per text. The table, the strings and every array belong to the call. */
typedef struct {
    uint64_t hash;
    Py_ssize_t id; /* index into strs; -1: an empty slot */
} TermSlot;

typedef struct {
    PyObject *text;     /* the text being scanned */
    TermSlot *slots;
    Py_ssize_t mask, used;
    PyObject *strs;     /* the lower-cased form of every distinct token (words and punctuation), id order */
    PyObject *vocab;    /* the word tokens among them, column order */
    Vec term_of;        /* Py_ssize_t per id: its column, -1 while seen only as punctuation */
    Vec type_mark;      /* Py_ssize_t per id: the last text that counted it as a type */
    Vec cell_mark;      /* Py_ssize_t per column: the last text with a cell for it */
    Vec cell_at;        /* Py_ssize_t per column: where that cell is in indices/counts */
    Vec indptr, indices, counts, tokens, types;   /* int64, int32, int32, int64, int64 */
    Vec stream;         /* int32 per token of every text in order: its column, -1 for punctuation; -3 before a
                         * token that follows a line break; -2 after each text */
    Py_ssize_t doc, doc_tokens, doc_types, prev_end;
} TermSink;

static int term_slots_grow(TermSink *s) {
    Py_ssize_t cap = s->mask < 0 ? 1024 : (s->mask + 1) * 2;
    TermSlot *slots = PyMem_Malloc(sizeof(TermSlot) * (size_t)cap);
    if (slots == NULL) { PyErr_NoMemory(); return -1; }
    for (Py_ssize_t j = 0; j < cap; j++) slots[j].id = -1;
    for (Py_ssize_t j = 0; j <= s->mask; j++) {
        if (s->slots[j].id < 0) continue;
        Py_ssize_t k = (Py_ssize_t)(s->slots[j].hash & (uint64_t)(cap - 1));
        while (slots[k].id >= 0) k = (k + 1) & (cap - 1);
        slots[k] = s->slots[j];
    }
    PyMem_Free(s->slots);
    s->slots = slots;
    s->mask = cap - 1;
    return 0;
}

/* Is the stored lower-cased token `stored` the token: `low` (a lower-cased str) or, when low is NULL,
 * the ASCII characters c[start..end) lower-cased? */
static int term_equal(PyObject *stored, PyObject *low, const Py_UCS4 *c, Py_ssize_t start, Py_ssize_t end) {
    if (low != NULL) return PyUnicode_Compare(stored, low) == 0;
    if (!PyUnicode_IS_ASCII(stored) || PyUnicode_GET_LENGTH(stored) != end - start) return 0;
    const Py_UCS1 *b = PyUnicode_1BYTE_DATA(stored);
    for (Py_ssize_t k = 0; k < end - start; k++)
        if (b[k] != ascii_lower(c[start + k])) return 0;
    return 1;
}

/* The id of the token c[start..end) (lower-cased), adding it when new; -1 on error. */
static Py_ssize_t term_id(TermSink *s, const Text *t, Py_ssize_t start, Py_ssize_t end) {
    const Py_UCS4 *c = t->c;
    Py_ssize_t i;
    uint64_t h = ascii_lower_hash(c, start, end, &i);
    PyObject *low = NULL;
    if (i < end) { /* not ASCII: Python's own str.lower() (full case mapping, final sigma) */
        PyObject *tok = PyUnicode_Substring(s->text, start, end);
        if (tok == NULL) return -1;
        low = PyObject_CallMethod(tok, "lower", NULL);
        Py_DECREF(tok);
        if (low == NULL) return -1;
        if (PyUnicode_IS_ASCII(low)) {   /* e.g. the Kelvin sign: the hash of the ASCII token it equals */
            h = ascii_bytes_hash(PyUnicode_1BYTE_DATA(low), PyUnicode_GET_LENGTH(low));
        } else {
            int kind = PyUnicode_KIND(low);
            const void *data = PyUnicode_DATA(low);
            h = FNV_OFFSET;
            for (Py_ssize_t k = 0; k < PyUnicode_GET_LENGTH(low); k++)
                h = (h ^ PyUnicode_READ(kind, data, k)) * FNV_PRIME;
        }
    }
    h = finish_hash(h);
    if ((s->used + 1) * 2 > s->mask + 1 && term_slots_grow(s) < 0) { Py_XDECREF(low); return -1; }
    Py_ssize_t j = (Py_ssize_t)(h & (uint64_t)s->mask);
    for (; s->slots[j].id >= 0; j = (j + 1) & s->mask) {
        if (s->slots[j].hash != h) continue;
        Py_ssize_t id = s->slots[j].id;
        int eq = term_equal(PyList_GET_ITEM(s->strs, id), low, c, start, end);
        if (eq < 0 || PyErr_Occurred()) { Py_XDECREF(low); return -1; }
        if (eq) { Py_XDECREF(low); return id; }
    }
    if (low == NULL) {
        low = PyUnicode_New(end - start, 127);
        if (low == NULL) return -1;
        Py_UCS1 *b = PyUnicode_1BYTE_DATA(low);
        for (Py_ssize_t k = 0; k < end - start; k++) b[k] = (Py_UCS1)ascii_lower(c[start + k]);
    }
    Py_ssize_t id = PyList_GET_SIZE(s->strs);
    int rc = PyList_Append(s->strs, low);
    Py_DECREF(low);
    if (rc < 0 || push_pos(&s->term_of, -1) < 0 || push_pos(&s->type_mark, -1) < 0) return -1;
    s->slots[j].hash = h;
    s->slots[j].id = id;
    s->used++;
    return id;
}

static int terms_sink(void *state, const Text *t, Py_ssize_t start, Py_ssize_t end, int word) {
    TermSink *s = (TermSink *)state;
    Py_ssize_t id = term_id(s, t, start, end);
    if (id < 0) return -1;
    int32_t none = -1, line_break = -3;
    for (Py_ssize_t k = s->prev_end; k >= 0 && k < start; k++) {   /* a line break since the last token */
        if (t->c[k] == '\n') {
            if (vec_push(&s->stream, &line_break) < 0) return -1;
            break;
        }
    }
    s->prev_end = end;
    s->doc_tokens++;
    Py_ssize_t *type_mark = ITEMS(s->type_mark, Py_ssize_t);
    if (type_mark[id] != s->doc) {
        type_mark[id] = s->doc;
        s->doc_types++;
    }
    if (!word) return vec_push(&s->stream, &none);
    Py_ssize_t col = ITEMS(s->term_of, Py_ssize_t)[id];
    if (col < 0) {
        col = PyList_GET_SIZE(s->vocab);
        if (PyList_Append(s->vocab, PyList_GET_ITEM(s->strs, id)) < 0 || push_pos(&s->cell_mark, -1) < 0 ||
            push_pos(&s->cell_at, 0) < 0) return -1;
        ITEMS(s->term_of, Py_ssize_t)[id] = col;
    }
    int32_t column = (int32_t)col, one = 1;
    if (vec_push(&s->stream, &column) < 0) return -1;
    if (ITEMS(s->cell_mark, Py_ssize_t)[col] == s->doc) {
        ITEMS(s->counts, int32_t)[ITEMS(s->cell_at, Py_ssize_t)[col]]++;
        return 0;
    }
    ITEMS(s->cell_mark, Py_ssize_t)[col] = s->doc;
    ITEMS(s->cell_at, Py_ssize_t)[col] = s->indices.len;
    return vec_push(&s->indices, &column) < 0 || vec_push(&s->counts, &one) < 0 ? -1 : 0;
}

static PyObject *vec_bytes(const Vec *v) {
    return PyBytes_FromStringAndSize(v->items ? (const char *)v->items : "", (Py_ssize_t)v->size * v->len);
}

static PyObject *py_term_counts(PyObject *self, PyObject *arg) {
    (void)self;
    PyObject *seq = PySequence_Fast(arg, "term_counts() takes a sequence of str");
    if (seq == NULL) return NULL;
    TermSink s = {NULL, NULL, -1, 0, PyList_New(0), PyList_New(0),
                  VEC(Py_ssize_t), VEC(Py_ssize_t), VEC(Py_ssize_t), VEC(Py_ssize_t),
                  VEC(int64_t), VEC(int32_t), VEC(int32_t), VEC(int64_t), VEC(int64_t), VEC(int32_t), 0, 0, 0, -1};
    PyObject *result = NULL;
    int64_t zero = 0;
    if (s.strs == NULL || s.vocab == NULL || term_slots_grow(&s) < 0 || vec_push(&s.indptr, &zero) < 0) goto done;
    for (Py_ssize_t d = 0; d < PySequence_Fast_GET_SIZE(seq); d++) {
        PyObject *text = PySequence_Fast_GET_ITEM(seq, d);
        if (!require_str(text, "term_counts")) goto done;
        s.text = text;
        s.doc = d;
        s.doc_tokens = s.doc_types = 0;
        s.prev_end = -1;
        if (scan(text, 0, terms_sink, &s) < 0) goto done;
        int64_t cells = s.indices.len, tokens = s.doc_tokens, types = s.doc_types;
        int32_t text_end = -2;
        if (vec_push(&s.indptr, &cells) < 0 || vec_push(&s.tokens, &tokens) < 0 || vec_push(&s.types, &types) < 0 ||
            vec_push(&s.stream, &text_end) < 0)
            goto done;
    }
    result = Py_BuildValue("(ONNNNNN)", s.vocab, vec_bytes(&s.indptr), vec_bytes(&s.indices), vec_bytes(&s.counts),
                           vec_bytes(&s.tokens), vec_bytes(&s.types), vec_bytes(&s.stream));
done:
    Py_DECREF(seq);
    Py_XDECREF(s.strs);
    Py_XDECREF(s.vocab);
    PyMem_Free(s.slots);
    Vec *vecs[] = {&s.term_of, &s.type_mark, &s.cell_mark, &s.cell_at, &s.indptr, &s.indices, &s.counts,
                   &s.tokens, &s.types, &s.stream};
    for (size_t k = 0; k < sizeof(vecs) / sizeof(vecs[0]); k++) PyMem_Free(vecs[k]->items);
    return result;
}

#include "_postings.h"   /* posting_runs(); int_buffer, int_at */
#include "_word_pairs.h" /* pair_signatures(), pairs_may_hold() */
#include "_social_entities.h" /* social_spans() */
#include "_group_sums.h" /* group_cell_sums() */

/* --------------------------------------------------------------------------------- segment_keys() */

/* The candidate furniture segments of each text, step for step as reference.py_segment_keys (see its
 * rules): split at SEGMENT_SPLIT_RE except after an abbreviation, drop segments that start in lower case
 * or precede one that does,
 * key = segment_key(segment), kept when 2*min_words <= length <= 4*max_chars, the key has >= min_words
 * words and <= max_chars characters; emitted as (text, start, end, key hash). */
static inline int seg_space(Py_UCS4 c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
static inline int seg_stop(Py_UCS4 c) { return c == '.' || c == '!' || c == '?' || c == 0x2026; }
static inline int seg_closer(Py_UCS4 c) {
    return c == '"' || c == 0x201D || c == 0x2019 || c == '\'' || c == ')' || c == ']';
}
static inline int key_space(Py_UCS4 c) {
    return c == ' ' || c == '\t' || c == '\r' || c == 0xA0 || c == 0x2009 || c == 0x202F;
}
/* segments.KEY_TRIM */
static const Py_UCS4 KEY_TRIM[] = {' ', '.', ',', ';', ':', '!', '?', '"', '\'', 0x201C, 0x201D, 0x2018, 0x2019,
                                   '(', ')', '[', ']', '{', '}', '-', 0x2014, 0x2013, '*', 0x2022, '|', '/', '\\',
                                   '~', '#', '_', '=', '+', '<', '>', 0x2026};
static int key_trim(Py_UCS4 c) {
    for (size_t k = 0; k < sizeof(KEY_TRIM) / sizeof(KEY_TRIM[0]); k++)
        if (c == KEY_TRIM[k]) return 1;
    return 0;
}

/* Key hashes are residues modulo the prime 2^64 - 59 (KEY_PRIME_GAP = 2^64 mod KEY_PRIME). */
#define KEY_PRIME_GAP 59u
#define KEY_PRIME (UINT64_MAX - KEY_PRIME_GAP + 1)
/* (a + b) mod KEY_PRIME for a < KEY_PRIME or b < 2^38 (so a wrapped sum is small) */
static inline uint64_t key_mod_add(uint64_t a, uint64_t b) {
    uint64_t s = a + b;
    if (s < a) s += KEY_PRIME_GAP;   /* wrapped past 2^64, which is KEY_PRIME_GAP modulo KEY_PRIME */
    return s >= KEY_PRIME ? s - KEY_PRIME : s;
}

/* The end of the delimiter starting at i, or -1 (SEGMENT_SPLIT_RE, leftmost-first). */
static Py_ssize_t seg_delimiter(const Text *t, Py_ssize_t i, Py_ssize_t *skip) {
    Py_UCS4 c = at(t, i);
    *skip = i + 1;
    if (seg_space(c)) {                 /* [\t\n\f\r ]*\n[\t\n\f\r ]*: a run of spaces holding a line break */
        Py_ssize_t k = i;
        int newline = 0;
        while (k < t->n && seg_space(at(t, k))) newline |= at(t, k++) == '\n';
        *skip = k;
        return newline ? k : -1;
    }
    if (seg_stop(c)) {                  /* [.!?…]+["”’')\]]*[\t\n\f\r ]+ */
        Py_ssize_t k = i;
        while (k < t->n && seg_stop(at(t, k))) k++;
        *skip = k;
        while (k < t->n && seg_closer(at(t, k))) k++;
        if (k >= t->n || !seg_space(at(t, k))) return -1;
        while (k < t->n && seg_space(at(t, k))) k++;
        return k;
    }
    return -1;
}

/* segments.ABBREVIATIONS */
static const char *const SEG_ABBREVIATIONS[] = {"Mr", "Mrs", "Ms", "Dr", "Sen", "Sens", "Rep", "Reps", "Gov", "Gen",
                                                "Lt", "Col", "Sgt", "Capt", "Cmdr", "Adm", "Maj", "Prof", "Rev", "Hon",
                                                "Pres", "Sec", "Amb", "Atty", "Det", "Cpl", "Pvt", "Supt", "Ald", "Fr",
                                                "St", "Mt", "Ft", "Jr", "Sr", "No", "vs"};
static inline int seg_letter(Py_UCS4 c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* segments.after_abbreviation (no cut there): the delimiter t[stop:next] is one '.' then spaces without a
 * line break, after a word of ASCII letters and dots (not preceded by a letter or digit) that is one
 * letter, letters of one or two joined by dots (U.S, p.m, Ph.D) or one of SEG_ABBREVIATIONS. */
static int seg_after_abbreviation(const Text *t, Py_ssize_t stop, Py_ssize_t next) {
    if (at(t, stop) != '.' || stop + 1 >= next) return 0;
    for (Py_ssize_t k = stop + 1; k < next; k++) {
        Py_UCS4 c = at(t, k);
        if (c != ' ' && c != '\t' && c != '\f' && c != '\r') return 0;
    }
    Py_ssize_t word = stop;
    while (word > 0 && (seg_letter(at(t, word - 1)) || at(t, word - 1) == '.')) word--;
    if (word > 0 && Py_UNICODE_ISALNUM(at(t, word - 1))) return 0;
    Py_ssize_t n = stop - word;
    if (n == 0 || !seg_letter(at(t, word))) return 0;
    if (n == 1) return 1;
    for (size_t a = 0; a < sizeof(SEG_ABBREVIATIONS) / sizeof(SEG_ABBREVIATIONS[0]); a++) {
        const char *s = SEG_ABBREVIATIONS[a];
        Py_ssize_t k = 0;
        while (k < n && s[k] != '\0' && at(t, word + k) == (Py_UCS4)(unsigned char)s[k]) k++;
        if (k == n && s[k] == '\0') return 1;
    }
    /* [A-Za-z]{1,2}(?:\.[A-Za-z]{1,2})+ */
    Py_ssize_t piece = 0, pieces = 1;
    for (Py_ssize_t k = word; k < stop; k++) {
        if (at(t, k) == '.') {
            if (piece == 0) return 0;
            piece = 0, pieces++;
        } else if (++piece > 2) {
            return 0;
        }
    }
    return piece > 0 && pieces >= 2;
}

typedef struct { Py_ssize_t start, end; int lower; } Segment;
typedef struct { int64_t doc, start, end; uint64_t hash; } Candidate;

/* Key segment s of t into key (a buffer of at least its length); 1 and its hash when it is kept. */
static int seg_key(const Text *t, Segment s, Py_UCS4 *key, Py_ssize_t min_words, Py_ssize_t max_chars, uint64_t *hash) {
    Py_ssize_t n = 0;
    int digits = 0, spaces = 0;
    for (Py_ssize_t i = s.start; i < s.end; i++) {
        Py_UCS4 c = at(t, i);
        if (c >= '0' && c <= '9') {
            if (!digits) key[n++] = '0';
            digits = 1, spaces = 0;
        } else if (key_space(c)) {
            if (!spaces) key[n++] = ' ';
            spaces = 1, digits = 0;
        } else {
            key[n++] = c < 128 ? ascii_lower(c) : Py_UNICODE_TOLOWER(c);
            digits = spaces = 0;
        }
    }
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi && key_trim(key[lo])) lo++;
    while (hi > lo && key_trim(key[hi - 1])) hi--;
    if (hi - lo > max_chars) return 0;
    Py_ssize_t words = 1;
    for (Py_ssize_t i = lo; i < hi; i++) words += key[i] == ' ';
    /* the code points as one number in base B = 2^32 (the first lowest), modulo KEY_PRIME, by Horner's rule from the
     * last: h = h*B + key[i]. Four at a time after the first (hi - lo) % 4: h*B^4 + (key[i]*B + key[i-1])*B^2 +
     * key[i-2]*B + key[i-3], where B^2 = 2^64 = KEY_PRIME_GAP and B^4 = KEY_PRIME_GAP^2 modulo KEY_PRIME (the
     * pairs are < 2^53, as code points are < 2^21) */
    uint64_t h = 0;
    Py_ssize_t i = hi - 1;
    for (; (i - lo + 1) % 4; i--) h = key_mod_add(key_mod_add(h << 32, (h >> 32) * KEY_PRIME_GAP), key[i]);
    for (; i >= lo; i -= 4) {
        uint64_t high = ((uint64_t)key[i] << 32) | key[i - 1], low = ((uint64_t)key[i - 2] << 32) | key[i - 3];
        unsigned __int128 x = (unsigned __int128)h * (KEY_PRIME_GAP * KEY_PRIME_GAP);
        h = key_mod_add(key_mod_add((uint64_t)x, (uint64_t)(x >> 64) * KEY_PRIME_GAP), high * KEY_PRIME_GAP + low);
    }
    *hash = h;
    return words >= min_words;
}

static int seg_emit(const Text *t, Segment s, int next_lower, Py_ssize_t doc, Py_ssize_t min_words,
                    Py_ssize_t max_chars, Py_UCS4 *key, Vec *out) {
    Py_ssize_t len = s.end - s.start;
    if (s.lower || next_lower || len < 2 * min_words || len > 4 * max_chars) return 0;
    Candidate cand = {doc, s.start, s.end, 0};
    if (!seg_key(t, s, key, min_words, max_chars, &cand.hash)) return 0;
    return vec_push(out, &cand);
}

static int seg_scan(PyObject *text, Py_ssize_t doc, Py_ssize_t min_words, Py_ssize_t max_chars, Vec *out) {
    Text t;
    if (text_open(&t, text) < 0) return -1;
    Py_UCS4 *key = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(t.n + 1));
    if (key == NULL) { text_close(&t); PyErr_NoMemory(); return -1; }
    int rc = 0, have = 0;
    Segment prev = {0, 0, 0};
    Py_ssize_t start = 0, i = 0;
    for (;;) {
        Py_ssize_t end = t.n, next = t.n, skip;
        for (; i < t.n; i = skip) {
            Py_ssize_t d = seg_delimiter(&t, i, &skip);
            if (d >= 0 && !seg_after_abbreviation(&t, i, d)) { end = i; next = d; break; }
        }
        Segment s = {start, end, end > start && Py_UNICODE_ISLOWER(at(&t, start))};
        if (have && seg_emit(&t, prev, s.lower, doc, min_words, max_chars, key, out) < 0) { rc = -1; break; }
        prev = s, have = 1;
        if (end == t.n) break;
        start = i = next;
    }
    if (rc == 0 && seg_emit(&t, prev, 0, doc, min_words, max_chars, key, out) < 0) rc = -1;
    PyMem_Free(key);
    text_close(&t);
    return rc;
}

static PyObject *py_segment_keys(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *texts;
    Py_ssize_t min_words, max_chars;
    if (!PyArg_ParseTuple(args, "Onn", &texts, &min_words, &max_chars)) return NULL;
    PyObject *seq = PySequence_Fast(texts, "segment_keys() takes a sequence of str");
    if (seq == NULL) return NULL;
    Vec out = VEC(Candidate);
    PyObject *result = NULL;
    for (Py_ssize_t d = 0; d < PySequence_Fast_GET_SIZE(seq); d++) {
        PyObject *text = PySequence_Fast_GET_ITEM(seq, d);
        if (!require_str(text, "segment_keys") || seg_scan(text, d, min_words, max_chars, &out) < 0) goto done;
    }
    Vec cols[4] = {VEC(int64_t), VEC(int64_t), VEC(int64_t), VEC(uint64_t)};
    for (Py_ssize_t k = 0; k < out.len; k++) {
        Candidate c = ITEMS(out, Candidate)[k];
        if (vec_push(&cols[0], &c.doc) < 0 || vec_push(&cols[1], &c.start) < 0 || vec_push(&cols[2], &c.end) < 0 ||
            vec_push(&cols[3], &c.hash) < 0) break;
    }
    if (!PyErr_Occurred())
        result = Py_BuildValue("(NNNN)", vec_bytes(&cols[0]), vec_bytes(&cols[1]), vec_bytes(&cols[2]),
                               vec_bytes(&cols[3]));
    for (int k = 0; k < 4; k++) PyMem_Free(cols[k].items);
done:
    Py_DECREF(seq);
    PyMem_Free(out.items);
    return result;
}

/* --------------------------------------------------------------------------------------- module */

static PyObject *py_set_delegate(PyObject *self, PyObject *pattern) {
    (void)self;
    PyObject *match = PyObject_GetAttrString(pattern, "match");
    if (match == NULL) return NULL;
    Py_XSETREF(delegate_match, match);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"tokens", (PyCFunction)(void (*)(void))py_tokens, METH_VARARGS | METH_KEYWORDS,
     "tokens(text, words_only=False) -> list[str]: TOKEN_SCAN_RE.findall(text.rstrip()), compiled."},
    {"token_stats", py_token_stats, METH_O,
     "token_stats(text) -> (tokens, types): len(tokens(text)), len({t.lower() for t in tokens(text)})."},
    {"ptb_join", py_ptb_join, METH_O, "ptb_join(text) -> str: `` and '' -> \", then the PTB_SPACE_JOIN_RE spaces removed."},
    {"straighten", py_straighten, METH_O, "straighten(text) -> str: curly quotes and apostrophes made straight."},
    {"style_counts", py_style_counts, METH_O, "style_counts(text) -> (ptb clues, raw clues, spaced entities)."},
    {"url_chunks", py_url_chunks, METH_O, "url_chunks(text) -> [(start, end)]: URL_CHUNK_RE.finditer spans."},
    {"quote_pairs", py_quote_pairs, METH_O, "quote_pairs(text) -> (pairs, unmatched, stray): quotations._pairs."},
    {"quote_counts", py_quote_counts, METH_O, "quote_counts(text) -> (quotes, quoted words): quotations._counts."},
    {"spaced_url_windows", py_spaced_url_windows, METH_O,
     "spaced_url_windows(text) -> [(start, end)]: regions holding every PTB_SPACED_URL_RE match."},
    {"term_counts", py_term_counts, METH_O,
     "term_counts(texts) -> (vocabulary, indptr, indices, counts, tokens, types, stream): lower-cased word tokens as CSR."},
    {"segment_keys", py_segment_keys, METH_VARARGS,
     "segment_keys(texts, min_words, max_chars) -> (texts, starts, ends, key hashes): candidate furniture."},
    {"pair_signatures", py_pair_signatures, METH_O,
     "pair_signatures(texts) -> (sizes, words): each text's word-pair Bloom filter (toolkit.text.word_pairs)."},
    {"pairs_may_hold", py_pairs_may_hold, METH_VARARGS,
     "pairs_may_hold(sizes, starts, words, rows, key, out): whether each row's word-pair signature may hold the "
     "pair key (toolkit.text.word_pairs.py_may_hold)."},
    {"social_spans", py_social_spans, METH_VARARGS,
     "social_spans(text, ptb, kinds) -> (hashtags, handles, cashtags): [sign, name, end, ...] each, or None to ask."},
    {"posting_runs", py_posting_runs, METH_VARARGS,
     "posting_runs(indptr, indices, r0, first, end, last, cursor, counts, out): a CSR block into posting lists."},
    {"group_cell_sums", py_group_cell_sums, METH_VARARGS,
     "group_cell_sums(indptr, indices, data, rows, groups, weights, width, binary, out[, slot, wanted]): rows into group "
     "sums."},
    {"group_sums_sparse", py_group_sums_sparse, METH_VARARGS,
     "group_sums_sparse(indptr, indices, data, rows, groups, weights, order, group_starts, width, binary, acc, bits, "
     "out_indptr, out_indices, out_data[, docs_acc, docs_indptr, docs_indices, docs_data]): rows into sparse group "
     "sums (and document counts)."},
    {"set_delegate", py_set_delegate, METH_O, "set_delegate(TOKEN_KIND_SCAN_RE): the regex for the hard tokens."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "toolkit.text._native._scan",
                                    "Compiled twins of toolkit.text's scanners.",
                                    -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__scan(void) {
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) return NULL;
    /* the word-pair signatures' shape, so that Python uses these only with signatures of its own shape */
    if (PyModule_AddIntConstant(m, "WP_BITS_PER_PAIR", WP_BITS_PER_PAIR) < 0 ||
        PyModule_AddIntConstant(m, "WP_PROBES", WP_PROBES) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
