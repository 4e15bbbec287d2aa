/* pair_signatures(texts): toolkit/text/word_pairs.py's py_pair_signatures, compiled (see its rules).
 *
 * Included by _scan.c after _postings.h (uses its Vec, vec_push, vec_bytes, require_str, int_buffer and int_at).
 * Each text is read in place (its PyUnicode kind and data: nothing is copied); every buffer is the call's own. */

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

/* pairs_may_hold(sizes, starts, words, rows, key, out): toolkit/text/word_pairs.py's py_may_hold, compiled.
 *
 * - sizes (each text's 64-bit words) and starts (its first word; at least one entry per text) are int32 or
 *   int64 arrays, words a uint64 array, rows int32 or int64 positions, out a writable array of one byte per
 *   row: out[i] is 1 when text rows[i] may hold the pair `key` (every one of its WP_PROBES bits set), else 0.
 * - Every array is the caller's; nothing is kept between calls and the GIL is released while probing. A row
 *   out of range, or a signature reaching past words, is a ValueError, not a read outside a buffer. */
static PyObject *py_pairs_may_hold(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *objs[5];
    unsigned long long key;
    if (!PyArg_ParseTuple(args, "OOOOKO", &objs[0], &objs[1], &objs[2], &objs[3], &key, &objs[4])) return NULL;
    Py_buffer b[5];
    int have[5] = {0};
    PyObject *result = NULL;
    const char *names[4] = {"sizes", "starts", "words", "rows"};
    for (int k = 0; k < 4; k++) {
        if (k == 2) {
            if (PyObject_GetBuffer(objs[2], &b[2], PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) goto done;
            have[2] = 1;
            char kind = format_kind(b[2].format);
            if (b[2].itemsize != 8 || strchr("QLN", kind) == NULL || kind == '\0') {
                PyErr_Format(PyExc_TypeError, "pairs_may_hold(): words must be a uint64 array, not format %s",
                             b[2].format);
                goto done;
            }
            continue;
        }
        if (int_buffer(objs[k], &b[k], 0, "pairs_may_hold", names[k]) < 0) goto done;
        have[k] = 1;
    }
    if (PyObject_GetBuffer(objs[4], &b[4], PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) < 0) goto done;
    have[4] = 1;
    Py_ssize_t n_texts = b[0].len / b[0].itemsize, n_rows = b[3].len / b[3].itemsize;
    if (b[4].itemsize != 1 || b[4].len != n_rows || b[1].len / b[1].itemsize < n_texts) {
        PyErr_SetString(PyExc_ValueError, "pairs_may_hold(): out must hold one byte per row, starts one entry per "
                                          "text");
        goto done;
    }
    const uint64_t *words = b[2].buf;
    Py_ssize_t n_words = b[2].len / 8;
    uint8_t *out = b[4].buf;
    uint32_t lo = (uint32_t)key, step = (uint32_t)(key >> 32) | 1;
    const char *bad = NULL;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < n_rows; i++) {
        int64_t r = int_at(&b[3], i);
        if (r < 0 || r >= n_texts) { bad = "a row is out of range"; break; }
        int64_t size = int_at(&b[0], r), base = int_at(&b[1], r);
        if (size < 0 || base < 0 || size > n_words || base > n_words - size) {
            bad = "a signature reaches past words";
            break;
        }
        uint8_t found = size > 0;
        uint64_t n_bits = 64 * (uint64_t)size;
        for (uint32_t k = 0; k < WP_PROBES && found; k++) {
            uint64_t pos = ((uint64_t)(uint32_t)(lo + k * step) * n_bits) >> 32;   /* as pair_signatures set it */
            found = (uint8_t)((words[base + (int64_t)(pos >> 6)] >> (pos & 63)) & 1);
        }
        out[i] = found;
    }
    Py_END_ALLOW_THREADS
    if (bad != NULL) {
        PyErr_Format(PyExc_ValueError, "pairs_may_hold(): %s", bad);
        goto done;
    }
    result = Py_NewRef(Py_None);
done:
    for (int k = 0; k < 5; k++)
        if (have[k]) PyBuffer_Release(&b[k]);
    return result;
}
