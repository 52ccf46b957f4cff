;; keyhole's two byte-level kernels, in WebAssembly (assembled by scripts/build-wasm.mjs with wabt).
;; The JavaScript side (kernels.ts) lays out memory, copies the input in and reads the results.
;;
;; dfa: the keyword prefilter's Aho-Corasick DFA (rules/prefilter.ts builds it) run as four interleaved
;;   streams. One DFA step waits for the one before (the next state's address depends on the state), so
;;   a single stream is bound by load latency; four independent chains keep the processor busy.
;;   In JavaScript the same idea gained 10% (bounds checks and spills eat the rest); here it doubles speed.
;;   A step is four operations (two byte loads, shift-add, table load): classes are stored pre-scaled
;;   and outputs tested with one bit, which with two steps a turn made the loop ~1.7x faster again.
;;
;; runs: maximal runs of base64 characters ([A-Za-z0-9+/_-]) at least `min` long, found 64 bytes at a
;;   time with SIMD: a 64-bit mask per block, then bit arithmetic; only blocks that hold a long run are
;;   walked run by run.
(module
  (memory (export "memory") 1)

;; Memory layout for dfa (the caller's): byte classes at 0 (256 bytes, each class times 2: its byte
  ;; offset in a row), the u16 transition table at 1024, one row of 2 << shift bytes per state. States are
  ;; numbered so that those with an output have bit `outbit` set and no other state does: one test of
  ;; the four states or-ed together tells whether any stream has an output at this step.
  ;;
  ;; dfa(b, q, lead, shift, outbit, out, stride)
  ;;   Stream j (0..3) reads from b + j*q: `lead` warm-up steps (from the root state; an Aho-Corasick
  ;;   state depends on no more than the last longest-keyword-minus-one bytes) and then q steps (q even:
  ;;   the loop takes two a turn) that record every output as (address of the byte, output index: the
  ;;   state minus outbit) pairs of i32 at out + j*stride. The number of pairs of stream j is stored at
  ;;   out - 16 + 4*j (out - 32 .. out - 16 is the kernel's scratch). `shift` is log2 of a row's size in bytes.
  ;;   `checks`: 32 bytes per output state (in order from outbit): an i64 mask, an i64 value, an i32
  ;;   `back` and an i32 `follow`. An output is recorded only when the 8 bytes from `back` bytes before
  ;;   its last byte, masked, equal the value (the keyword's case, where every rule it serves wants one
  ;;   case: rules/gate.ts), and the `follow` (0..16) bytes after it are base64 characters, `\` or `%`
  ;;   (where every rule repeats a class of those after its literal). All zero: every output recorded.
  (func (export "dfa") (param $b i32) (param $q i32) (param $lead i32) (param $shift i32) (param $outbit i32) (param $out i32) (param $stride i32) (param $checks i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32)
    (local $end i32) (local $j i32)
    (local.set $p0 (local.get $b))
    (local.set $p1 (i32.add (local.get $p0) (local.get $q)))
    (local.set $p2 (i32.add (local.get $p1) (local.get $q)))
    (local.set $p3 (i32.add (local.get $p2) (local.get $q)))
    ;; Each stream's next free output slot, kept in memory (at out - 32 + 4j) while the loop runs: outputs
    ;; are rare, and four more live values in the loop cost spills on every step (measured: ~1.5x slower).
    (loop $init
      (i32.store (i32.sub (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))) (i32.const 32))
                 (i32.add (local.get $out) (i32.mul (local.get $stride) (local.get $j))))
      (br_if $init (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (i32.const 4))))
    (local.set $end (i32.add (local.get $p0) (local.get $lead)))
    (block $warm_done
      (loop $warm
        (br_if $warm_done (i32.ge_u (local.get $p0) (local.get $end)))
        (local.set $s0 (i32.load16_u offset=1024 (i32.add (i32.shl (local.get $s0) (local.get $shift)) (i32.load8_u (i32.load8_u (local.get $p0))))))
        (local.set $s1 (i32.load16_u offset=1024 (i32.add (i32.shl (local.get $s1) (local.get $shift)) (i32.load8_u (i32.load8_u (local.get $p1))))))
        (local.set $s2 (i32.load16_u offset=1024 (i32.add (i32.shl (local.get $s2) (local.get $shift)) (i32.load8_u (i32.load8_u (local.get $p2))))))
        (local.set $s3 (i32.load16_u offset=1024 (i32.add (i32.shl (local.get $s3) (local.get $shift)) (i32.load8_u (i32.load8_u (local.get $p3))))))
        (local.set $p0 (i32.add (local.get $p0) (i32.const 1)))
        (local.set $p1 (i32.add (local.get $p1) (i32.const 1)))
        (local.set $p2 (i32.add (local.get $p2) (i32.const 1)))
        (local.set $p3 (i32.add (local.get $p3) (i32.const 1)))
        (br $warm)))
    (local.set $end (i32.add (local.get $p0) (local.get $q)))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $p0) (local.get $end)))
        (local.set $s0 (i32.load16_u offset=1024 (i32.add (i32.shl (local.get $s0) (local.get $shift)) (i32.load8_u (i32.load8_u (local.get $p0))))))
        (local.set $s1 (i32.load16_u offset=1024 (i32.add (i32.shl (local.get $s1) (local.get $shift)) (i32.load8_u (i32.load8_u (local.get $p1))))))
        (local.set $s2 (i32.load16_u offset=1024 (i32.add (i32.shl (local.get $s2) (local.get $shift)) (i32.load8_u (i32.load8_u (local.get $p2))))))
        (local.set $s3 (i32.load16_u offset=1024 (i32.add (i32.shl (local.get $s3) (local.get $shift)) (i32.load8_u (i32.load8_u (local.get $p3))))))
        (if (i32.and (i32.or (i32.or (local.get $s0) (local.get $s1)) (i32.or (local.get $s2) (local.get $s3))) (local.get $outbit))
          (then
            (if (i32.and (local.get $s0) (local.get $outbit)) (then (call $emit (i32.sub (local.get $out) (i32.const 32)) (local.get $p0) (i32.sub (local.get $s0) (local.get $outbit)) (local.get $checks))))
            (if (i32.and (local.get $s1) (local.get $outbit)) (then (call $emit (i32.sub (local.get $out) (i32.const 28)) (local.get $p1) (i32.sub (local.get $s1) (local.get $outbit)) (local.get $checks))))
            (if (i32.and (local.get $s2) (local.get $outbit)) (then (call $emit (i32.sub (local.get $out) (i32.const 24)) (local.get $p2) (i32.sub (local.get $s2) (local.get $outbit)) (local.get $checks))))
            (if (i32.and (local.get $s3) (local.get $outbit)) (then (call $emit (i32.sub (local.get $out) (i32.const 20)) (local.get $p3) (i32.sub (local.get $s3) (local.get $outbit)) (local.get $checks))))
))
        (local.set $p0 (i32.add (local.get $p0) (i32.const 1)))
        (local.set $p1 (i32.add (local.get $p1) (i32.const 1)))
        (local.set $p2 (i32.add (local.get $p2) (i32.const 1)))
        (local.set $p3 (i32.add (local.get $p3) (i32.const 1)))
        ;; (the same step again: q is even)
        (local.set $s0 (i32.load16_u offset=1024 (i32.add (i32.shl (local.get $s0) (local.get $shift)) (i32.load8_u (i32.load8_u (local.get $p0))))))
        (local.set $s1 (i32.load16_u offset=1024 (i32.add (i32.shl (local.get $s1) (local.get $shift)) (i32.load8_u (i32.load8_u (local.get $p1))))))
        (local.set $s2 (i32.load16_u offset=1024 (i32.add (i32.shl (local.get $s2) (local.get $shift)) (i32.load8_u (i32.load8_u (local.get $p2))))))
        (local.set $s3 (i32.load16_u offset=1024 (i32.add (i32.shl (local.get $s3) (local.get $shift)) (i32.load8_u (i32.load8_u (local.get $p3))))))
        (if (i32.and (i32.or (i32.or (local.get $s0) (local.get $s1)) (i32.or (local.get $s2) (local.get $s3))) (local.get $outbit))
          (then
            (if (i32.and (local.get $s0) (local.get $outbit)) (then (call $emit (i32.sub (local.get $out) (i32.const 32)) (local.get $p0) (i32.sub (local.get $s0) (local.get $outbit)) (local.get $checks))))
            (if (i32.and (local.get $s1) (local.get $outbit)) (then (call $emit (i32.sub (local.get $out) (i32.const 28)) (local.get $p1) (i32.sub (local.get $s1) (local.get $outbit)) (local.get $checks))))
            (if (i32.and (local.get $s2) (local.get $outbit)) (then (call $emit (i32.sub (local.get $out) (i32.const 24)) (local.get $p2) (i32.sub (local.get $s2) (local.get $outbit)) (local.get $checks))))
            (if (i32.and (local.get $s3) (local.get $outbit)) (then (call $emit (i32.sub (local.get $out) (i32.const 20)) (local.get $p3) (i32.sub (local.get $s3) (local.get $outbit)) (local.get $checks))))
))
        (local.set $p0 (i32.add (local.get $p0) (i32.const 1)))
        (local.set $p1 (i32.add (local.get $p1) (i32.const 1)))
        (local.set $p2 (i32.add (local.get $p2) (i32.const 1)))
        (local.set $p3 (i32.add (local.get $p3) (i32.const 1)))
        (br $step)))
    (local.set $j (i32.const 0))
    (loop $counts
      (i32.store (i32.sub (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))) (i32.const 16))
        (i32.shr_u (i32.sub (i32.load (i32.sub (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))) (i32.const 32)))
                            (i32.add (local.get $out) (i32.mul (local.get $stride) (local.get $j)))) (i32.const 3)))
      (br_if $counts (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (i32.const 4)))))

  ;; emit(slot, p, k, checks): stream output at the byte at p, output state k (counted from outbit). Records
  ;; (p, k) at the slot's next free place (and moves it on) when the state's checks pass (see dfa).
  (func $emit (param $slot i32) (param $p i32) (param $k i32) (param $checks i32)
    (local $c i32) (local $o i32)
    (local.set $c (i32.add (local.get $checks) (i32.shl (local.get $k) (i32.const 5))))
    (if (i32.and (i64.eq (i64.and (i64.load (i32.sub (local.get $p) (i32.load offset=16 (local.get $c)))) (i64.load (local.get $c)))
                         (i64.load offset=8 (local.get $c)))
                 (call $follows (i32.add (local.get $p) (i32.const 1)) (i32.load offset=20 (local.get $c))))
      (then
        (local.set $o (i32.load (local.get $slot)))
        (i32.store (local.get $o) (local.get $p))
        (i32.store offset=4 (local.get $o) (local.get $k))
        (i32.store (local.get $slot) (i32.add (local.get $o) (i32.const 8))))))

  ;; follows(a, f) -> whether the f (0..16) bytes at a are all base64 characters ([A-Za-z0-9+/_-]), `\`
  ;; or `%` (which may start an escape that decodes to one).
  (func $follows (param $a i32) (param $f i32) (result i32)
    (local $v v128) (local $want i32)
    (local.set $v (v128.load (local.get $a)))
    (local.set $want (i32.sub (i32.shl (i32.const 1) (local.get $f)) (i32.const 1)))
    (i32.eq
      (i32.and
        (i8x16.bitmask (v128.or (v128.or
          (i8x16.le_u (i8x16.sub (v128.or (local.get $v) (i8x16.splat (i32.const 0x20))) (i8x16.splat (i32.const 0x61))) (i8x16.splat (i32.const 25)))
          (i8x16.le_u (i8x16.sub (local.get $v) (i8x16.splat (i32.const 0x30))) (i8x16.splat (i32.const 9))))
          (v128.or
            (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x2B))) (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x2F))))
            (v128.or
              (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x2D))) (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x5F))))
              (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x5C))) (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x25))))))))
        (local.get $want))
      (local.get $want)))

  ;; count(p, n, byte) -> how many of the n bytes at p equal `byte` (16 at a time).
  (func (export "count") (param $p i32) (param $n i32) (param $byte i32) (result i32)
    (local $end i32) (local $c i32) (local $v v128)
    (local.set $v (i8x16.splat (local.get $byte)))
    (local.set $end (i32.add (local.get $p) (i32.and (local.get $n) (i32.const -16))))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $c (i32.add (local.get $c)
          (i32.popcnt (i8x16.bitmask (i8x16.eq (v128.load (local.get $p)) (local.get $v))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $blocks)))
    (local.set $end (i32.add (local.get $end) (i32.and (local.get $n) (i32.const 15))))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $c (i32.add (local.get $c) (i32.eq (i32.load8_u (local.get $p)) (local.get $byte))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $tail)))
    (local.get $c))

;; Base64 characters (standard or URL-safe) in a vector: letters are (v | 0x20) - 'a' <= 25; digits
  ;; and + - / are v - '+' <= 14 but for , and . (one range, two exceptions: cheaper than four tests);
  ;; and _ on its own. i8x16.bitmask makes that a bit per byte. (Two nibble-table lookups with
  ;; i8x16.swizzle measured 1.4x slower: V8 adds a fix-up to each.)

  ;; runs(p, n, out, min) -> count
  ;;   Writes the [start, end) offsets (from p, i32 pairs at out) of every maximal run of base64 characters
  ;;   in the n bytes at p that is at least `min` (1..64) long. The caller leaves at least 64 zero bytes
  ;;   after the input (so a run ends by the last block) and room for n / min + 1 pairs at out.
  (func (export "runs") (param $p i32) (param $n i32) (param $out i32) (param $min i32) (result i32)
    (local $base i32) (local $limit i32) (local $m i64) (local $x i64) (local $carry i32) (local $rs i32)
    (local $cnt i32) (local $lead i32) (local $s i32) (local $e i32) (local $inv i64) (local $t i32)
    (local $v v128) (local $c20 v128) (local $c61 v128) (local $c25 v128) (local $c30 v128) (local $c09 v128)
    (local $c2b v128) (local $c2f v128) (local $c2d v128) (local $c5f v128) (local $c0e v128) (local $c2c v128) (local $c2e v128)
    (local.set $c20 (i8x16.splat (i32.const 0x20)))
    (local.set $c61 (i8x16.splat (i32.const 0x61)))
    (local.set $c25 (i8x16.splat (i32.const 25)))
    (local.set $c30 (i8x16.splat (i32.const 0x30)))
    (local.set $c09 (i8x16.splat (i32.const 9)))
    (local.set $c2b (i8x16.splat (i32.const 0x2B)))
    (local.set $c2f (i8x16.splat (i32.const 0x2F)))
    (local.set $c2d (i8x16.splat (i32.const 0x2D)))
    (local.set $c5f (i8x16.splat (i32.const 0x5F)))
    (local.set $c0e (i8x16.splat (i32.const 14)))
    (local.set $c2c (i8x16.splat (i32.const 0x2C)))
    (local.set $c2e (i8x16.splat (i32.const 0x2E)))
    (local.set $limit (i32.add (local.get $n) (i32.const 64)))
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $base) (local.get $limit)))
        ;; The four 16-byte masks, written out (a call per vector cost a fifth of the kernel's time).
        (local.set $m
          (i64.or
            (i64.or (i64.extend_i32_u (i8x16.bitmask (v128.or (v128.or
              (i8x16.le_u (i8x16.sub (v128.or (local.tee $v (v128.load (i32.add (local.get $p) (local.get $base)))) (local.get $c20)) (local.get $c61)) (local.get $c25))
              (v128.andnot
                (i8x16.le_u (i8x16.sub (local.get $v) (local.get $c2b)) (local.get $c0e))
                (v128.or (i8x16.eq (local.get $v) (local.get $c2c)) (i8x16.eq (local.get $v) (local.get $c2e)))))
              (i8x16.eq (local.get $v) (local.get $c5f)))))
                    (i64.shl (i64.extend_i32_u (i8x16.bitmask (v128.or (v128.or
              (i8x16.le_u (i8x16.sub (v128.or (local.tee $v (v128.load offset=16 (i32.add (local.get $p) (local.get $base)))) (local.get $c20)) (local.get $c61)) (local.get $c25))
              (v128.andnot
                (i8x16.le_u (i8x16.sub (local.get $v) (local.get $c2b)) (local.get $c0e))
                (v128.or (i8x16.eq (local.get $v) (local.get $c2c)) (i8x16.eq (local.get $v) (local.get $c2e)))))
              (i8x16.eq (local.get $v) (local.get $c5f))))) (i64.const 16)))
            (i64.or (i64.shl (i64.extend_i32_u (i8x16.bitmask (v128.or (v128.or
              (i8x16.le_u (i8x16.sub (v128.or (local.tee $v (v128.load offset=32 (i32.add (local.get $p) (local.get $base)))) (local.get $c20)) (local.get $c61)) (local.get $c25))
              (v128.andnot
                (i8x16.le_u (i8x16.sub (local.get $v) (local.get $c2b)) (local.get $c0e))
                (v128.or (i8x16.eq (local.get $v) (local.get $c2c)) (i8x16.eq (local.get $v) (local.get $c2e)))))
              (i8x16.eq (local.get $v) (local.get $c5f))))) (i64.const 32))
                    (i64.shl (i64.extend_i32_u (i8x16.bitmask (v128.or (v128.or
              (i8x16.le_u (i8x16.sub (v128.or (local.tee $v (v128.load offset=48 (i32.add (local.get $p) (local.get $base)))) (local.get $c20)) (local.get $c61)) (local.get $c25))
              (v128.andnot
                (i8x16.le_u (i8x16.sub (local.get $v) (local.get $c2b)) (local.get $c0e))
                (v128.or (i8x16.eq (local.get $v) (local.get $c2c)) (i8x16.eq (local.get $v) (local.get $c2e)))))
              (i8x16.eq (local.get $v) (local.get $c5f))))) (i64.const 48)))))
        (block $next
          ;; A run carried over from the blocks before: it goes on through the ones at this block's start.
          (if (local.get $carry)
            (then
              (local.set $lead (i32.wrap_i64 (i64.ctz (i64.xor (local.get $m) (i64.const -1)))))
              (if (i32.eq (local.get $lead) (i32.const 64))
                (then (local.set $carry (i32.add (local.get $carry) (i32.const 64))) (br $next)))
              (local.set $e (i32.add (local.get $base) (local.get $lead)))
              (if (i32.ge_u (i32.sub (local.get $e) (local.get $rs)) (local.get $min))
                (then
                  (i32.store (i32.add (local.get $out) (i32.shl (local.get $cnt) (i32.const 3))) (local.get $rs))
                  (i32.store offset=4 (i32.add (local.get $out) (i32.shl (local.get $cnt) (i32.const 3))) (local.get $e))
                  (local.set $cnt (i32.add (local.get $cnt) (i32.const 1)))))
              (local.set $carry (i32.const 0))
              (local.set $m (i64.and (local.get $m) (i64.shl (i64.const -1) (i64.extend_i32_u (local.get $lead)))))))
          ;; Is there a run of 20 or more inside the block? x keeps the bits that start 1+1+2+4+8+4 = 20 ones.
          (local.set $x (i64.and (local.get $m) (i64.shr_u (local.get $m) (i64.const 1))))
          (local.set $x (i64.and (local.get $x) (i64.shr_u (local.get $x) (i64.const 2))))
          (local.set $x (i64.and (local.get $x) (i64.shr_u (local.get $x) (i64.const 4))))
          (local.set $x (i64.and (local.get $x) (i64.shr_u (local.get $x) (i64.const 8))))
          (local.set $x (i64.and (local.get $x) (i64.shr_u (local.get $x) (i64.const 4))))
          (if (i64.eqz (local.get $x))
            (then
              ;; No: only the run of ones at the block's top may go on into the next block.
              (local.set $t (i32.wrap_i64 (i64.clz (i64.xor (local.get $m) (i64.const -1)))))
              (if (local.get $t)
                (then (local.set $carry (local.get $t)) (local.set $rs (i32.sub (i32.add (local.get $base) (i32.const 64)) (local.get $t)))))
              (br $next)))
          ;; Yes: walk the block's runs one by one.
          (block $walked
            (loop $walk
              (br_if $walked (i64.eqz (local.get $m)))
              (local.set $s (i32.wrap_i64 (i64.ctz (local.get $m))))
              (local.set $inv (i64.and (i64.xor (local.get $m) (i64.const -1)) (i64.shl (i64.const -1) (i64.extend_i32_u (local.get $s)))))
              (if (i64.eqz (local.get $inv))
                (then
                  (local.set $carry (i32.sub (i32.const 64) (local.get $s)))
                  (local.set $rs (i32.add (local.get $base) (local.get $s)))
                  (br $walked)))
              (local.set $e (i32.wrap_i64 (i64.ctz (local.get $inv))))
              (if (i32.ge_u (i32.sub (local.get $e) (local.get $s)) (local.get $min))
                (then
                  (i32.store (i32.add (local.get $out) (i32.shl (local.get $cnt) (i32.const 3))) (i32.add (local.get $base) (local.get $s)))
                  (i32.store offset=4 (i32.add (local.get $out) (i32.shl (local.get $cnt) (i32.const 3))) (i32.add (local.get $base) (local.get $e)))
                  (local.set $cnt (i32.add (local.get $cnt) (i32.const 1)))))
              (local.set $m (i64.and (local.get $m) (i64.shl (i64.const -1) (i64.extend_i32_u (local.get $e)))))
              (br $walk))))
        (local.set $base (i32.add (local.get $base) (i32.const 64)))
        (br $block)))
    (local.get $cnt))

  ;; decodable(p, out, count) -> count kept
  ;;   Keeps, in order, the runs of a `runs` result (`count` pairs at out, offsets from p) that may decode
  ;;   (see $decodable). A pass of its own: a call from inside the runs loop made that loop 1.6x slower.
  (func (export "decodable") (param $p i32) (param $out i32) (param $count i32) (result i32)
    (local $r i32) (local $w i32) (local $s i32) (local $e i32)
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $r) (local.get $count)))
        (local.set $s (i32.load (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 3)))))
        (local.set $e (i32.load offset=4 (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 3)))))
        (if (call $decodable (i32.add (local.get $p) (local.get $s)) (i32.add (local.get $p) (local.get $e)))
          (then
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $w) (i32.const 3))) (local.get $s))
            (i32.store offset=4 (i32.add (local.get $out) (i32.shl (local.get $w) (i32.const 3))) (local.get $e))
            (local.set $w (i32.add (local.get $w) (i32.const 1)))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $each)))
    (local.get $w))

;; decodable(a, b) -> whether the run of base64 characters at [a, b) may decode to something
  ;;   (detect/decode.ts decides; this only turns away what it would turn away at once): it is plausible
  ;;   base64 of text (the first character of every four is A-Z or a-f, the top six bits of a byte of
  ;;   ASCII, in all but a sixteenth of the quads, and its first 16 characters decode to 12 bytes with no
  ;;   control byte), or it holds a run of 24 or more hex digits.
  ;;   SIMD throughout (a byte loop here mispredicted a branch a byte): bytes past b are read (the caller's
  ;;   input has padding after it) and masked off.
  (func $decodable (param $a i32) (param $b i32) (result i32)
    (local $i i32) (local $bad i32) (local $r i32) (local $m i64) (local $x i64) (local $w i32) (local $keep i64)
    ;; Quads: a bit per byte that is A-Z or a-f; the quads' first bytes are bits 0, 4, 8, 12.
    (local.set $i (local.get $a))
    (block $tail
      (loop $sixteen
        (br_if $tail (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $b)))
        (local.set $bad (i32.add (local.get $bad)
          (i32.popcnt (i32.and (i32.xor (call $lowHex (v128.load (local.get $i))) (i32.const 0xFFFF)) (i32.const 0x1111)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $sixteen)))
    (local.set $r (i32.shr_u (i32.sub (local.get $b) (local.get $i)) (i32.const 2)))
    (if (local.get $r)
      (then
        (local.set $bad (i32.add (local.get $bad)
          (i32.popcnt (i32.and (i32.xor (call $lowHex (v128.load (local.get $i))) (i32.const 0xFFFF))
                               (i32.and (i32.const 0x1111) (i32.sub (i32.shl (i32.const 1) (i32.shl (local.get $r) (i32.const 2))) (i32.const 1)))))))))
    (if (i32.le_u (local.get $bad) (i32.shr_u (i32.sub (local.get $b) (local.get $a)) (i32.const 4)))
      (then (if (call $textStart (local.get $a)) (then (return (i32.const 1))))))
    (if (i32.lt_u (i32.sub (local.get $b) (local.get $a)) (i32.const 24)) (then (return (i32.const 0))))
    ;; Hex: 64-byte windows 41 apart (a run of 24 lies whole in one), a bit per hex digit, bits past b off;
    ;; x keeps the bits that start 1+1+2+4+8+8 = 24 ones.
    (local.set $w (local.get $a))
    (loop $windows
      (local.set $m (i64.or
        (i64.or (i64.extend_i32_u (call $hexDigits (v128.load (local.get $w))))
                (i64.shl (i64.extend_i32_u (call $hexDigits (v128.load offset=16 (local.get $w)))) (i64.const 16)))
        (i64.or (i64.shl (i64.extend_i32_u (call $hexDigits (v128.load offset=32 (local.get $w)))) (i64.const 32))
                (i64.shl (i64.extend_i32_u (call $hexDigits (v128.load offset=48 (local.get $w)))) (i64.const 48)))))
      (if (i32.lt_u (i32.sub (local.get $b) (local.get $w)) (i32.const 64))
        (then (local.set $m (i64.and (local.get $m)
          (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (i32.sub (local.get $b) (local.get $w)))) (i64.const 1))))))
      (local.set $x (i64.and (local.get $m) (i64.shr_u (local.get $m) (i64.const 1))))
      (local.set $x (i64.and (local.get $x) (i64.shr_u (local.get $x) (i64.const 2))))
      (local.set $x (i64.and (local.get $x) (i64.shr_u (local.get $x) (i64.const 4))))
      (local.set $x (i64.and (local.get $x) (i64.shr_u (local.get $x) (i64.const 8))))
      (local.set $x (i64.and (local.get $x) (i64.shr_u (local.get $x) (i64.const 8))))
      (if (i64.ne (local.get $x) (i64.const 0)) (then (return (i32.const 1))))
      (local.set $w (i32.add (local.get $w) (i32.const 41)))
      (br_if $windows (i32.lt_u (i32.add (local.get $w) (i32.const 23)) (local.get $b))))
    (i32.const 0))

  ;; lowHex(v) -> a bit per byte of v that is A-Z or a-f (a base64 character whose index is below 32).
  (func $lowHex (param $v v128) (result i32)
    (i8x16.bitmask (v128.or
      (i8x16.le_u (i8x16.sub (local.get $v) (i8x16.splat (i32.const 0x41))) (i8x16.splat (i32.const 25)))
      (i8x16.le_u (i8x16.sub (local.get $v) (i8x16.splat (i32.const 0x61))) (i8x16.splat (i32.const 5))))))

  ;; hexDigits(v) -> a bit per byte of v that is a hex digit.
  (func $hexDigits (param $v v128) (result i32)
    (i8x16.bitmask (v128.or
      (i8x16.le_u (i8x16.sub (local.get $v) (i8x16.splat (i32.const 0x30))) (i8x16.splat (i32.const 9)))
      (i8x16.le_u (i8x16.sub (v128.or (local.get $v) (i8x16.splat (i32.const 0x20))) (i8x16.splat (i32.const 0x61))) (i8x16.splat (i32.const 5))))))
;; textStart(a) -> whether the 16 base64 characters at a decode to 12 bytes none of which is a control
  ;;   byte (below 9, 14..31, 127): what detect/decode.ts asks of a run before decoding it.
  (func $textStart (param $a i32) (result i32)
    (local $q i32) (local $n i32)
    (loop $quads
      (local.set $n (i32.or
        (i32.or (i32.shl (call $b64 (i32.load8_u (local.get $a))) (i32.const 18))
                (i32.shl (call $b64 (i32.load8_u offset=1 (local.get $a))) (i32.const 12)))
        (i32.or (i32.shl (call $b64 (i32.load8_u offset=2 (local.get $a))) (i32.const 6))
                (call $b64 (i32.load8_u offset=3 (local.get $a))))))
      (if (i32.or (call $control (i32.shr_u (local.get $n) (i32.const 16)))
                  (i32.or (call $control (i32.and (i32.shr_u (local.get $n) (i32.const 8)) (i32.const 255)))
                          (call $control (i32.and (local.get $n) (i32.const 255)))))
        (then (return (i32.const 0))))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (br_if $quads (i32.lt_u (local.tee $q (i32.add (local.get $q) (i32.const 1))) (i32.const 4))))
    (i32.const 1))

  ;; b64(c) -> the value of a base64 character (standard or URL-safe; c is one).
  (func $b64 (param $c i32) (result i32)
    (if (result i32) (i32.lt_u (i32.sub (local.get $c) (i32.const 65)) (i32.const 26))
      (then (i32.sub (local.get $c) (i32.const 65)))
      (else (if (result i32) (i32.lt_u (i32.sub (local.get $c) (i32.const 97)) (i32.const 26))
        (then (i32.sub (local.get $c) (i32.const 71)))
        (else (if (result i32) (i32.lt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 10))
          (then (i32.add (local.get $c) (i32.const 4)))
          (else (select (i32.const 62) (i32.const 63) (i32.or (i32.eq (local.get $c) (i32.const 43)) (i32.eq (local.get $c) (i32.const 45)))))))))))

  ;; control(x) -> whether byte x is a control byte other than tab, LF, VT, FF, CR.
  (func $control (param $x i32) (result i32)
    (i32.or (i32.lt_u (local.get $x) (i32.const 9))
            (i32.or (i32.lt_u (i32.sub (local.get $x) (i32.const 14)) (i32.const 18)) (i32.eq (local.get $x) (i32.const 127)))))
)
