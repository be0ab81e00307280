/**
 * The two DL-JHPF rows every report shows:
 *   'faithful'  the framework exactly as paper 000 states it (ReLU phase outputs, eq. (17) normalization, BCE only);
 *   'phasor'    our variant that escapes the stream collapse while keeping constraints (7)–(9) and ending in the same
 *               end-to-end BCE training: π·tanh phase outputs (phases cannot die), per-stream power normalization
 *               (each column of F_RF F_BB gets power 1, so no stream can be starved and ‖F_RF F_BB‖_F² = N_s still
 *               holds), and the analog networks pretrained on log det(I + P/N_s·H_eq H_eqᴴ) before the BCE stage
 *               (../analog-pretrain.ts).
 */
export const JHPF_VARIANTS = ['faithful', 'phasor'] as const;
export type JhpfVariant = (typeof JHPF_VARIANTS)[number];

export const VARIANT_LABELS: Readonly<Record<JhpfVariant, string>> = { faithful: 'DL-JHPF', phasor: 'DL-JHPF (Phasor variant)' };
