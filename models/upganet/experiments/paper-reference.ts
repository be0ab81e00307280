/**
 * The paper's numbers (paper 002 §IV, Fig. 3) as restored from the authors' released code and data, at
 * SNR = 0, 2, …, 12 dB. Drawn as dashed reference series and quoted in the claims.
 */
export const PAPER_SNR_DB = [0, 2, 4, 6, 8, 10, 12];
export const PAPER_RATE_ZF = [14.9, 17.39, 19.94, 22.53, 25.14, 27.77, 30.41];
export const PAPER_RATE_SCA = [13.9, 16.2, 18.42, 20.17, 21.16, 19.77, 16.42];
export const PAPER_MSE_SCA_DB = [7.7, 7.55, 7.29, 6.8, 6.01, 4.21, 1.14];
export const PAPER_MSE_ZF_DB = 8.05;
/** §IV: "UPGANet with J = 20 achieves improvements of about 33.5 % in sum rate and 2.5 dB lower MSEs compared with SCA-ManOpt" (12 dB) */
export const PAPER_GAIN_OVER_SCA = 0.335;
export const PAPER_MSE_GAIN_OVER_SCA_DB = 2.5;
/** the authors' code re-run with their released step sizes (10 test channels, 12 dB) */
export const RERUN_12DB = { rateJ20: 22.3, ratePga: 17.4, mseJ20Db: -3.5, msePgaDb: 7.4 };

/** The paper's value at `snrDb` (NaN off its grid). */
export function paperValueAt(values: readonly number[], snrDb: number): number {
  const i = PAPER_SNR_DB.indexOf(snrDb);
  return i < 0 ? NaN : values[i];
}
