import { config } from 'zod';

// zod probes `new Function` to speed up object parsing; under the window's CSP (no 'unsafe-eval')
// the probe is refused and reported as a violation. The renderer parses small frames: skip the JIT.
config({ jitless: true });
