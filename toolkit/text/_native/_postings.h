/* posting_runs(): one block of rows of a CSR matrix added to its columns' posting lists (varint row deltas), the
 * compiled twin of toolkit.index.matrix's NumPy passes (posting_sizes, posting_bytes).
 *
 * Rules:
 * - A posting list holds a column's rows ascending as deltas from the previous row (the first from row 0), each
 *   as a varint: 7 bits a byte, low bits first, the high bit set on all but the last byte.
 * - Rows are read in order, cell by cell; only columns first..end-1 are counted, at index column - first of the
 *   caller's arrays. `last` holds each column's last row so far and is moved on, so a matrix may come in blocks.
 * - Without `out` (the first pass) each column's bytes are added to `cursor` and its cells to `counts`; with
 *   `out` (the second) each delta is written at out[cursor] and the cursor moved on.
 * - Every array is the caller's (NumPy buffers); nothing is kept between calls. Indices out of range are an
 *   error, not a write outside a buffer.
 * - Included once, by _scan.c. */

static inline int varint_len(uint64_t v) {
    int n = 1;
    while (v >= 0x80) v >>= 7, n++;
    return n;
}

/* the integer at i of a buffer of 4- or 8-byte signed ints */
static inline int64_t int_at(const Py_buffer *b, Py_ssize_t i) {
    return b->itemsize == 8 ? ((const int64_t *)b->buf)[i] : ((const int32_t *)b->buf)[i];
}

/* A buffer format's type character, past its byte-order prefix ('<', '=' or '@'); '\0' for an empty format. */
static inline char format_kind(const char *format) {
    return format[0] != '\0' && strchr("<=@", format[0]) != NULL ? format[1] : format[0];
}

static int int_buffer(PyObject *obj, Py_buffer *b, int writable, const char *fn, const char *what) {
    if (PyObject_GetBuffer(obj, b, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0)) < 0)
        return -1;
    char kind = format_kind(b->format);
    if (!((b->itemsize == 4 || b->itemsize == 8) && strchr("ilqn", kind) && kind != '\0')) {
        PyErr_Format(PyExc_TypeError, "%s(): %s must be an int32 or int64 array, not format %s", fn, what,
                     b->format);
        PyBuffer_Release(b);
        return -1;
    }
    return 0;
}

static PyObject *py_posting_runs(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *indptr_obj, *indices_obj, *last_obj, *cursor_obj, *counts_obj, *out_obj;
    Py_ssize_t r0, first, end;
    if (!PyArg_ParseTuple(args, "OOnnnOOOO", &indptr_obj, &indices_obj, &r0, &first, &end, &last_obj, &cursor_obj,
                          &counts_obj, &out_obj))
        return NULL;
    Py_buffer indptr, indices, last, cursor, counts, out;
    Py_buffer *bufs[6] = {&indptr, &indices, &last, &cursor, &counts, &out};
    int have[6] = {0, 0, 0, 0, 0, 0};
    PyObject *result = NULL;
    if (int_buffer(indptr_obj, &indptr, 0, "posting_runs", "indptr") < 0) goto done;
    have[0] = 1;
    if (int_buffer(indices_obj, &indices, 0, "posting_runs", "indices") < 0) goto done;
    have[1] = 1;
    if (int_buffer(last_obj, &last, 1, "posting_runs", "last") < 0) goto done;
    have[2] = 1;
    if (int_buffer(cursor_obj, &cursor, 1, "posting_runs", "cursor") < 0) goto done;
    have[3] = 1;
    if (counts_obj != Py_None) {
        if (int_buffer(counts_obj, &counts, 1, "posting_runs", "counts") < 0) goto done;
        have[4] = 1;
    }
    if (out_obj != Py_None) {
        if (PyObject_GetBuffer(out_obj, &out, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) < 0) goto done;
        have[5] = 1;
    }
    Py_ssize_t n_cols = end - first, rows = indptr.shape[0] - 1;
    if (last.itemsize != 8 || cursor.itemsize != 8 || last.shape[0] < n_cols || cursor.shape[0] < n_cols ||
        (have[4] && counts.shape[0] < n_cols) || rows < 0 || n_cols < 0 || r0 < 0) {
        PyErr_SetString(PyExc_ValueError, "posting_runs(): last and cursor must be int64 arrays of end - first "
                                          "columns (counts too), indptr one longer than the rows");
        goto done;
    }
    int64_t *lastv = last.buf, *cur = cursor.buf;
    uint8_t *o = have[5] ? out.buf : NULL;
    int64_t base = int_at(&indptr, 0);
    for (Py_ssize_t k = 0; k < rows; k++) {
        int64_t lo = int_at(&indptr, k) - base, hi = int_at(&indptr, k + 1) - base;
        if (lo < 0 || hi < lo || hi > indices.shape[0]) {
            PyErr_SetString(PyExc_ValueError, "posting_runs(): indptr does not fit indices");
            goto done;
        }
        int64_t row = r0 + k;
        for (int64_t p = lo; p < hi; p++) {
            int64_t col = int_at(&indices, p) - first;
            if (col < 0 || col >= n_cols) continue;
            uint64_t delta = (uint64_t)(row - lastv[col]);
            lastv[col] = row;
            if (o == NULL) {
                cur[col] += varint_len(delta);
                if (have[4]) {
                    if (counts.itemsize == 8) ((int64_t *)counts.buf)[col]++;
                    else ((int32_t *)counts.buf)[col]++;
                }
                continue;
            }
            int64_t at = cur[col];
            if (at < 0 || at + varint_len(delta) > out.len) {
                PyErr_SetString(PyExc_ValueError, "posting_runs(): a posting list runs past the end of out");
                goto done;
            }
            while (delta >= 0x80) o[at++] = (uint8_t)(delta & 0x7F) | 0x80, delta >>= 7;
            o[at++] = (uint8_t)delta;
            cur[col] = at;
        }
    }
    result = Py_NewRef(Py_None);
done:
    for (int k = 0; k < 6; k++)
        if (have[k]) PyBuffer_Release(bufs[k]);
    return result;
}
