/**
 * The models' closed-form gradient checks, registered for `phasor gradcheck` (each module registers on import).
 */
import './jhpf/closed-form/gradchecks.js';
import './upganet/closed-form/gradchecks.js';
import './probe/closed-form/gradchecks.js';
