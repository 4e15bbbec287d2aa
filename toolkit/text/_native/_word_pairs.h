/* pair_signatures(texts): toolkit/text/word_pairs.py's py_pair_signatures, compiled (see its rules).
 *
 * Included by _scan.c (uses its Vec, vec_push, vec_bytes and require_str). Each text is read in place
 * (its PyUnicode kind and data: nothing is copied); every buffer is the call's own. */

#define WP_BITS_PER_PAIR 16
#define WP_PROBES 6
#define WP_FNV_OFFSET 0xCBF29CE484222325ull
#define WP_FNV_PRIME 0x100000001B3ull

static inline uint64_t wp_pair_hash(uint64_t first, uint64_t second) {
    uint64_t x = first * 0x9E3779B97F4A7C15ull + second;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/* the lower-cased ASCII letter or digit c, or 0 when c separates words */
static inline unsigned wp_word_char(Py_UCS4 c) {
    if (c >= 'a' && c <= 'z') return c;
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c >= '0' && c <= '9') return c;
    return 0;
}

/* Words of text (kind, data, n): their count in *n_words and their FNV-1a hashes in hashes.
 * Returns 1 when the text holds an UNSURE character (then nothing else is meaningful).
 * hashes has room for n / 2 + 1 words (each word but the last is followed by a separator, so n characters
 * hold at most (n + 1) / 2 words). One loop per PyUnicode kind (the character type is known, so the
 * compiler keeps it tight). */
#define WP_WORDS_LOOP(CHAR)                                                              \
    for (Py_ssize_t i = 0; i < n; i++) {                                                 \
        Py_UCS4 c = ((const CHAR *)data)[i];                                             \
        unsigned w = wp_word_char(c);                                                    \
        if (w) {                                                                         \
            h = (h ^ w) * WP_FNV_PRIME;                                                  \
            in_word = 1;                                                                 \
            continue;                                                                    \
        }                                                                                \
        if (c == 0x17F || c == 0x212A) return 1;                                         \
        if (in_word) {                                                                   \
            hashes[count] = h;                                                           \
            count++;                                                                     \
            h = WP_FNV_OFFSET, in_word = 0;                                              \
        }                                                                                \
    }

static int wp_words(int kind, const void *data, Py_ssize_t n, uint64_t *hashes, Py_ssize_t *n_words) {
    Py_ssize_t count = 0;
    uint64_t h = WP_FNV_OFFSET;
    int in_word = 0;
    if (kind == PyUnicode_1BYTE_KIND) {
        WP_WORDS_LOOP(Py_UCS1)
    } else if (kind == PyUnicode_2BYTE_KIND) {
        WP_WORDS_LOOP(Py_UCS2)
    } else {
        WP_WORDS_LOOP(Py_UCS4)
    }
    if (in_word) {
        hashes[count] = h;
        count++;
    }
    *n_words = count;
    return 0;
}
#undef WP_WORDS_LOOP

/* Append text's signature to words (zeroed 64-bit words, then the pairs' bits); its size to sizes. */
static int wp_signature(PyObject *text, Vec *sizes, Vec *words) {
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), n_runs = 0;
    uint64_t *hashes = PyMem_Malloc(sizeof(uint64_t) * (size_t)(n / 2 + 1));   /* words are >= 1 char apart */
    if (hashes == NULL) { PyErr_NoMemory(); return -1; }
    int rc = 0;
    if (wp_words(kind, data, n, hashes, &n_runs)) {
        int64_t one = 1;
        uint64_t all = UINT64_MAX;
        rc = vec_push(sizes, &one) < 0 || vec_push(words, &all) < 0 ? -1 : 0;
        PyMem_Free(hashes);
        return rc;
    }
    Py_ssize_t n_pairs = n_runs > 1 ? n_runs - 1 : 0;
    int64_t size = (int64_t)((WP_BITS_PER_PAIR * n_pairs + 63) / 64);
    uint64_t zero = 0;
    Py_ssize_t first = words->len;
    if (vec_push(sizes, &size) < 0 || (size > 0 && vec_push(words, &zero) < 0)) { rc = -1; goto done; }
    if (size == 0) goto done;
    while (words->cap < first + size) {                 /* room for the rest, doubling */
        void *items = PyMem_Realloc(words->items, sizeof(uint64_t) * (size_t)(words->cap * 2));
        if (items == NULL) { PyErr_NoMemory(); rc = -1; goto done; }
        words->items = items, words->cap *= 2;
    }
    memset(ITEMS(*words, uint64_t) + first, 0, sizeof(uint64_t) * (size_t)size);
    words->len = first + size;
    uint64_t *bits = ITEMS(*words, uint64_t) + first, n_bits = 64 * (uint64_t)size;
    for (Py_ssize_t k = 0; k + 1 < n_runs; k++) {
        uint64_t key = wp_pair_hash(hashes[k], hashes[k + 1]);
        uint32_t lo = (uint32_t)key, step = (uint32_t)(key >> 32) | 1;
        for (uint32_t i = 0; i < WP_PROBES; i++) {
            uint64_t pos = ((uint64_t)(uint32_t)(lo + i * step) * n_bits) >> 32;   /* in [0, n_bits) */
            bits[pos >> 6] |= 1ull << (pos & 63);
        }
    }
done:
    PyMem_Free(hashes);
    return rc;
}

static PyObject *py_pair_signatures(PyObject *self, PyObject *arg) {
    (void)self;
    PyObject *seq = PySequence_Fast(arg, "pair_signatures() takes a sequence of str");
    if (seq == NULL) return NULL;
    Vec sizes = VEC(int64_t), words = VEC(uint64_t);
    PyObject *result = NULL;
    for (Py_ssize_t d = 0; d < PySequence_Fast_GET_SIZE(seq); d++) {
        PyObject *text = PySequence_Fast_GET_ITEM(seq, d);
        if (!require_str(text, "pair_signatures") || wp_signature(text, &sizes, &words) < 0) goto done;
    }
    result = Py_BuildValue("(NN)", vec_bytes(&sizes), vec_bytes(&words));
done:
    Py_DECREF(seq);
    PyMem_Free(sizes.items);
    PyMem_Free(words.items);
    return result;
}
