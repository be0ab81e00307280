import { describe, expect, it } from 'vitest';
import { MultiuserMisoChannel, userChannel } from '../../../../wireless/channel/multiuser-miso.js';
import { frobeniusPowers } from '../../../../wireless/channel/types.js';

describe('MultiuserMisoChannel (UPGANet, paper-details §1)', () => {
  it('has E‖H‖_F² = K·N (within 4 standard errors)', () => {
    const model = new MultiuserMisoChannel();
    const H = model.generate(2000, 1);
    expect(H.shape).toEqual([2000, 4, 64]);
    const p = frobeniusPowers(H);
    const mean = p.reduce((a, b) => a + b, 0) / p.length;
    const sd = Math.sqrt(p.reduce((a, b) => a + (b - mean) ** 2, 0) / (p.length - 1));
    expect(Math.abs(mean - 4 * 64)).toBeLessThan((4 * sd) / Math.sqrt(p.length));
  });

  it('stores rows h_kᴴ: one path gives h_k = α e^{jπ n sin φ}, so conj(row) has a constant phase step', () => {
    const model = new MultiuserMisoChannel({ numAntennas: 16, numUsers: 2, numPaths: 1 });
    const H = model.generate(3, 5);
    for (let b = 0; b < 3; b++) {
      for (let k = 0; k < 2; k++) {
        const h = userChannel(H, b, k).data;
        const mag0 = Math.hypot(h[0], h[1]);
        // ratio h[n+1]/h[n] = e^{jπ sin φ} with |·| = 1 and the same value for every n
        const r = (n: number): [number, number] => {
          const d = h[2 * n] ** 2 + h[2 * n + 1] ** 2;
          return [(h[2 * n + 2] * h[2 * n] + h[2 * n + 3] * h[2 * n + 1]) / d, (h[2 * n + 3] * h[2 * n] - h[2 * n + 2] * h[2 * n + 1]) / d];
        };
        const [r0re, r0im] = r(0);
        expect(Math.hypot(r0re, r0im)).toBeCloseTo(1, 5);
        for (let n = 1; n < 15; n++) {
          expect(Math.hypot(h[2 * n], h[2 * n + 1])).toBeCloseTo(mag0, 5);
          const [re, im] = r(n);
          expect(re).toBeCloseTo(r0re, 4);
          expect(im).toBeCloseTo(r0im, 4);
        }
        // the row itself is the conjugate
        const base = 2 * ((b * 2 + k) * 16);
        expect(H.data[base + 3]).toBeCloseTo(-h[3], 6);
      }
    }
  });

  it('is reproducible and chunk-independent', () => {
    const model = new MultiuserMisoChannel({ numAntennas: 8, numUsers: 2 });
    const all = model.generate(6, 9);
    const a = model.generate(4, 9);
    const b = model.generate(2, 9, 4);
    expect(Array.from(all.data)).toEqual([...Array.from(a.data), ...Array.from(b.data)]);
    expect(Array.from(model.generate(6, 10).data)).not.toEqual(Array.from(all.data));
  });

  it('refuses bad sizes', () => {
    expect(() => new MultiuserMisoChannel({ numUsers: 0 })).toThrow(/numUsers must be a positive integer/);
  });
});
