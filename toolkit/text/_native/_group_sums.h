/* group_cell_sums(): groups x columns sums of chosen rows of a CSR matrix, added into a dense int64 array, the
 * compiled twin of toolkit.index.grouping.py_group_cell_sums (NumPy).
 *
 * Rules:
 * - Pair i adds weights[i] times row rows[i] (every stored cell; with `binary`, 1 per cell) to group groups[i]:
 *   out[groups[i] * width + column] += weights[i] * value. Rows may come in any order and more than once.
 * - With `slot` (int32 or int64, one entry per column of the matrix), only some columns are summed: a cell adds to
 *   out[groups[i] * width + slot[column]], or to nothing when that is negative (width: the columns summed);
 *   `wanted`, a bitmap of the columns with a slot (uint64 words), spares looking up the others' slots.
 * - indptr, rows, groups and weights are int32 or int64; indices int32 or int64; data any integer or bool array
 *   (read only when not binary); out a writable int64 array of n_groups * width cells.
 * - Every array is the caller's; nothing is kept between calls. A row, column or group out of range is an error,
 *   not a read or write outside a buffer; out may then hold part of the sums.
 * - The GIL is released while adding (the buffers are held), so threads may sum at once.
 * - Included once, by _scan.c, after _postings.h (int_buffer, int_at). */

/* the value at p of a buffer of integers (or bools) of 1, 2, 4 or 8 bytes */
static inline int64_t value_at(const Py_buffer *b, int is_signed, Py_ssize_t p) {
    switch (b->itemsize) {
    case 1: return is_signed ? (int64_t)((const int8_t *)b->buf)[p] : (int64_t)((const uint8_t *)b->buf)[p];
    case 2: return is_signed ? (int64_t)((const int16_t *)b->buf)[p] : (int64_t)((const uint16_t *)b->buf)[p];
    case 4: return is_signed ? (int64_t)((const int32_t *)b->buf)[p] : (int64_t)((const uint32_t *)b->buf)[p];
    default: return ((const int64_t *)b->buf)[p];
    }
}

/* 1 when the buffer's format is a signed integer, 0 unsigned or bool; -1 (TypeError set) for anything else */
static int integer_format(const Py_buffer *b, const char *kernel, const char *what) {
    char kind = format_kind(b->format);
    int ok = kind != '\0' && strchr("bhilqnBHILQN?", kind) != NULL && b->itemsize >= 1 && b->itemsize <= 8 &&
             (b->itemsize & (b->itemsize - 1)) == 0 && !(b->itemsize == 8 && strchr("QLN", kind) != NULL);
    if (!ok) {
        PyErr_Format(PyExc_TypeError, "%s(): %s must be an integer array of at most 8 bytes (not "
                                      "unsigned 64-bit), not format %s", kernel, what, b->format);
        return -1;
    }
    return strchr("bhilqn", kind) != NULL;
}

/* The arrays both kernels read first, indptr, indices, data, rows, groups and weights, into b[0..5] (have[k] set
 * for each one held): the data's signedness (1 signed, 0 not), or -1 with an error set. */
static int pair_buffers(PyObject *const *objs, Py_buffer *b, int *have, const char *kernel) {
    const char *names[6] = {"indptr", "indices", "data", "rows", "groups", "weights"};
    int data_signed = 0;
    for (int k = 0; k < 6; k++) {
        if (k == 2) {
            if (PyObject_GetBuffer(objs[2], &b[2], PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) return -1;
            have[2] = 1;
            if ((data_signed = integer_format(&b[2], kernel, "data")) < 0) return -1;
            continue;
        }
        if (int_buffer(objs[k], &b[k], 0, kernel, names[k]) < 0) return -1;
        have[k] = 1;
    }
    if (b[4].len / b[4].itemsize != b[3].len / b[3].itemsize || b[5].len / b[5].itemsize != b[3].len / b[3].itemsize) {
        PyErr_Format(PyExc_ValueError, "%s(): groups and weights must hold one entry per row", kernel);
        return -1;
    }
    return data_signed;
}

/* Add w times each stored cell of row r (1 per cell with binary) to sums[column], and mark the column in bits
 * unless bits is NULL; what is out of range (the row, its cells, a column), else NULL. Needs no GIL. With a
 * column map (`slot`, not NULL: n_slots entries, one per column of the matrix), a cell goes to sums[slot[column]]
 * instead, or nowhere when that is negative; `width` is then the number of sums. `wanted` (NULL, or a bitmap of
 * (n_slots + 63) / 64 words) marks the columns whose slot is not negative: the others are not looked up. */
static inline const char *add_row(const Py_buffer *b, int data_signed, int binary, int64_t r, int64_t w,
                                  Py_ssize_t width, int64_t *sums, uint64_t *bits, const Py_buffer *slot,
                                  const uint64_t *wanted, int64_t *docs) {
    const Py_buffer *indptr = &b[0], *indices = &b[1], *data = &b[2];
    if (r < 0 || r >= indptr->len / indptr->itemsize - 1) return "a row is out of range";
    int64_t lo = int_at(indptr, r), hi = int_at(indptr, r + 1);
    if (lo < 0 || hi < lo || hi > indices->len / indices->itemsize) return "indptr does not fit indices";
    if (slot != NULL) {
        Py_ssize_t n_slots = slot->len / slot->itemsize;
        for (int64_t p = lo; p < hi; p++) {
            int64_t col = int_at(indices, p);
            if (col < 0 || col >= n_slots) return "a column is out of range";
            if (wanted != NULL && !((wanted[col >> 6] >> (col & 63)) & 1)) continue;    /* (a bit in L1 cache) */
            int64_t to = int_at(slot, col);
            if (to < 0) continue;
            if (to >= width) return "a column's slot is out of range";
            sums[to] += binary ? w : w * value_at(data, data_signed, p);
        }
        return NULL;
    }
    if (binary && bits != NULL && docs == NULL && indices->itemsize == 4) {     /* (common: no test per cell) */
        const int32_t *idx = (const int32_t *)indices->buf;
        for (int64_t p = lo; p < hi; p++) {
            int64_t col = idx[p];
            if (col < 0 || col >= width) return "a column is out of range";
            sums[col] += w;
            bits[col >> 6] |= (uint64_t)1 << (col & 63);
        }
        return NULL;
    }
    if (!binary && bits != NULL && indices->itemsize == 4 && data->itemsize == 2 && !data_signed) {
        const int32_t *idx = (const int32_t *)indices->buf;
        const uint16_t *val = (const uint16_t *)data->buf;
        if (docs != NULL) {
            for (int64_t p = lo; p < hi; p++) {
                int64_t col = idx[p];
                if (col < 0 || col >= width) return "a column is out of range";
                sums[col] += w * (int64_t)val[p];
                docs[col] += w;
                bits[col >> 6] |= (uint64_t)1 << (col & 63);
            }
            return NULL;
        }
        for (int64_t p = lo; p < hi; p++) {
            int64_t col = idx[p];
            if (col < 0 || col >= width) return "a column is out of range";
            sums[col] += w * (int64_t)val[p];
            bits[col >> 6] |= (uint64_t)1 << (col & 63);
        }
        return NULL;
    }
    for (int64_t p = lo; p < hi; p++) {
        int64_t col = int_at(indices, p);
        if (col < 0 || col >= width) return "a column is out of range";
        sums[col] += binary ? w : w * value_at(data, data_signed, p);
        if (docs != NULL) docs[col] += w;
        if (bits != NULL) bits[col >> 6] |= (uint64_t)1 << (col & 63);
    }
    return NULL;
}

static PyObject *py_group_cell_sums(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *objs[9] = {NULL};
    Py_ssize_t width;
    int binary;
    if (!PyArg_ParseTuple(args, "OOOOOOnpO|OO", &objs[0], &objs[1], &objs[2], &objs[3], &objs[4], &objs[5], &width,
                          &binary, &objs[6], &objs[7], &objs[8]))
        return NULL;
    Py_buffer b[9];
    int have[9] = {0}, data_signed;
    PyObject *result = NULL;
    if ((data_signed = pair_buffers(objs, b, have, "group_cell_sums")) < 0) goto done;
    if (PyObject_GetBuffer(objs[6], &b[6], PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | PyBUF_WRITABLE) < 0) goto done;
    have[6] = 1;
    if (objs[7] != NULL && objs[7] != Py_None) {
        if (int_buffer(objs[7], &b[7], 0, "group_cell_sums", "slot") < 0) goto done;
        have[7] = 1;
    }
    const Py_buffer *slot = have[7] ? &b[7] : NULL;
    const uint64_t *wanted = NULL;
    if (objs[8] != NULL && objs[8] != Py_None) {
        if (slot == NULL) {
            PyErr_SetString(PyExc_ValueError, "group_cell_sums(): wanted comes with slot");
            goto done;
        }
        if (PyObject_GetBuffer(objs[8], &b[8], PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) goto done;
        have[8] = 1;
        if (b[8].itemsize != 8 || b[8].len / 8 < (slot->len / slot->itemsize + 63) / 64) {
            PyErr_SetString(PyExc_ValueError, "group_cell_sums(): wanted must be a uint64 bitmap of a bit per slot");
            goto done;
        }
        wanted = (const uint64_t *)b[8].buf;
    }
    const Py_buffer *rows = &b[3], *groups = &b[4], *weights = &b[5], *out = &b[6];
    Py_ssize_t n_pairs = rows->len / rows->itemsize, n_out = out->len / (out->itemsize ? out->itemsize : 1);
    char out_kind = format_kind(out->format);
    if (out->itemsize != 8 || out_kind == '\0' || strchr("qlnQLN", out_kind) == NULL ||
        width <= 0 || n_out % width != 0 || b[0].len / b[0].itemsize < 1 ||
        (!binary && b[2].len / b[2].itemsize < b[1].len / b[1].itemsize)) {
        PyErr_SetString(PyExc_ValueError, "group_cell_sums(): out must be an int64 array of n_groups * width cells, "
                                          "groups and weights one per row, data one per cell");
        goto done;
    }
    Py_ssize_t n_groups = n_out / width;
    int64_t *o = out->buf;
    const char *bad = NULL;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < n_pairs && bad == NULL; i++) {
        int64_t g = int_at(groups, i);
        if (g < 0 || g >= n_groups) bad = "a group is out of range";
        else bad = add_row(b, data_signed, binary, int_at(rows, i), int_at(weights, i), width, o + g * width, NULL,
                           slot, wanted, NULL);
    }
    Py_END_ALLOW_THREADS
    if (bad != NULL) {
        PyErr_Format(PyExc_ValueError, "group_cell_sums(): %s", bad);
        goto done;
    }
    result = Py_NewRef(Py_None);
done:
    for (int k = 0; k < 9; k++)
        if (have[k]) PyBuffer_Release(&b[k]);
    return result;
}

/* group_sums_sparse(): the same sums as group_cell_sums, made sparse as they are added, the compiled twin of
 * toolkit.index.row_group_sums.py_group_sums_sparse.
 *
 * Rules:
 * - Pairs are read group by group: `order` lists the pairs by group, group_starts[g] .. group_starts[g + 1] - 1
 *   are group g's places in it. A group's cells are added into `acc` (int64, width cells) and marked in `bits`
 *   (uint64, (width + 63) / 64 words), both zero on entry and left zero; then its columns whose sum is not 0 go
 *   ascending to out_indices (int32) / out_data (int64), and out_indptr[g + 1] (int64) is where they end.
 * - With docs_acc, docs_indptr, docs_indices and docs_data (shaped as acc and out_*), each pair also adds its weight
 *   once per stored cell (the articles holding each column, per group) into docs_acc, read back into docs_* the same
 *   way (docs_indptr[n_groups]: the cells written there): document counts in the same pass over the rows.
 * - Returns the cells written. Every array is the caller's: nothing is allocated or kept between calls, and the
 *   GIL is released while adding. An index out of range, or more sums than out holds, is an error. */
static PyObject *py_group_sums_sparse(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *objs[17] = {NULL};
    Py_ssize_t width;
    int binary;
    if (!PyArg_ParseTuple(args, "OOOOOOOOnpOOOOO|OOOO", &objs[0], &objs[1], &objs[2], &objs[3], &objs[4], &objs[5],
                          &objs[6], &objs[7], &width, &binary, &objs[8], &objs[9], &objs[10], &objs[11], &objs[12],
                          &objs[13], &objs[14], &objs[15], &objs[16]))
        return NULL;
    Py_buffer b[17];
    int have[17] = {0}, data_signed;
    PyObject *result = NULL;
    int with_docs = objs[13] != NULL && objs[13] != Py_None;
    if (with_docs && (objs[14] == NULL || objs[15] == NULL || objs[16] == NULL)) {
        PyErr_SetString(PyExc_ValueError, "group_sums_sparse(): docs_acc comes with docs_indptr, docs_indices and "
                                          "docs_data");
        return NULL;
    }
    if ((data_signed = pair_buffers(objs, b, have, "group_sums_sparse")) < 0) goto done;
    for (int k = 6; k < (with_docs ? 17 : 13); k++) {
        if (k < 8 ? int_buffer(objs[k], &b[k], 0, "group_sums_sparse", k == 6 ? "order" : "group_starts") :
                    PyObject_GetBuffer(objs[k], &b[k], PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | PyBUF_WRITABLE)) goto done;
        have[k] = 1;
    }
    const Py_buffer *rows = &b[3], *groups = &b[4], *weights = &b[5], *order = &b[6], *starts = &b[7];
    Py_ssize_t n_pairs = rows->len / rows->itemsize, n_groups = starts->len / starts->itemsize - 1;
    Py_ssize_t words = (width + 63) / 64, cap = b[11].len / 4, docs_cap = with_docs ? b[15].len / 4 : 0;
    if (width <= 0 || b[0].len / b[0].itemsize < 1 || n_groups < 0 || order->len / order->itemsize != n_pairs ||
        (!binary && b[2].len / b[2].itemsize < b[1].len / b[1].itemsize) ||
        b[8].itemsize != 8 || b[8].len / 8 < width || b[9].itemsize != 8 || b[9].len / 8 < words ||
        b[10].itemsize != 8 || b[10].len / 8 != n_groups + 1 ||
        b[11].itemsize != 4 || b[12].itemsize != 8 || b[12].len / 8 != cap ||
        (with_docs && (b[13].itemsize != 8 || b[13].len / 8 < width || b[14].itemsize != 8 ||
                       b[14].len / 8 != n_groups + 1 || b[15].itemsize != 4 || b[16].itemsize != 8 ||
                       b[16].len / 8 != docs_cap))) {
        PyErr_SetString(PyExc_ValueError, "group_sums_sparse(): acc (and docs_acc) must be int64 of width cells, bits "
                                          "uint64 of (width + 63) // 64 words, out_indptr (docs_indptr) int64 of "
                                          "n_groups + 1, out_indices (docs_indices) int32 and out_data (docs_data) "
                                          "int64 of one length; groups, weights and order one per pair; data one per "
                                          "cell");
        goto done;
    }
    int64_t *acc = b[8].buf, *o_ptr = b[10].buf, *o_data = b[12].buf;
    int64_t *docs_acc = with_docs ? b[13].buf : NULL, *d_ptr = with_docs ? b[14].buf : NULL;
    int64_t *d_data = with_docs ? b[16].buf : NULL;
    int32_t *d_idx = with_docs ? b[15].buf : NULL;
    uint64_t *bits = b[9].buf;
    int32_t *o_idx = b[11].buf;
    Py_ssize_t nnz = 0, docs_nnz = 0;
    const char *bad = NULL;
    Py_BEGIN_ALLOW_THREADS
    o_ptr[0] = 0;
    if (with_docs) d_ptr[0] = 0;
    for (Py_ssize_t g = 0; g < n_groups && bad == NULL; g++) {
        int64_t k0 = int_at(starts, g), k1 = int_at(starts, g + 1);
        if (k0 < 0 || k1 < k0 || k1 > n_pairs) { bad = "group_starts do not fit the pairs"; break; }
        for (int64_t k = k0; k < k1 && bad == NULL; k++) {
            int64_t i = int_at(order, k);
            if (i < 0 || i >= n_pairs) { bad = "order is out of range"; break; }
            if (int_at(groups, i) != g) { bad = "order does not list the pairs by group"; break; }
            bad = add_row(b, data_signed, binary, int_at(rows, i), int_at(weights, i), width, acc, bits, NULL, NULL,
                          docs_acc);
        }
        for (Py_ssize_t word = 0; word < words; word++) {    /* (left zero even after an error) */
            uint64_t set = bits[word];
            bits[word] = 0;
            while (set) {
                int64_t col = word * 64 + __builtin_ctzll(set);
                set &= set - 1;
                if (acc[col] != 0 && bad == NULL) {
                    if (nnz >= cap) bad = "more sums than out holds";
                    else { o_idx[nnz] = (int32_t)col; o_data[nnz] = acc[col]; nnz++; }
                }
                acc[col] = 0;
                if (docs_acc != NULL) {
                    if (docs_acc[col] != 0 && bad == NULL) {
                        if (docs_nnz >= docs_cap) bad = "more document counts than docs holds";
                        else { d_idx[docs_nnz] = (int32_t)col; d_data[docs_nnz] = docs_acc[col]; docs_nnz++; }
                    }
                    docs_acc[col] = 0;
                }
            }
        }
        o_ptr[g + 1] = nnz;
        if (with_docs) d_ptr[g + 1] = docs_nnz;
    }
    Py_END_ALLOW_THREADS
    if (bad != NULL) {
        PyErr_Format(PyExc_ValueError, "group_sums_sparse(): %s", bad);
        goto done;
    }
    result = PyLong_FromSsize_t(nnz);
done:
    for (int k = 0; k < 17; k++)
        if (have[k]) PyBuffer_Release(&b[k]);
    return result;
}
