/**
 * Loads apache-arrow for the main thread's Frame conversions (`toArrow`). Imported for its effect
 * by the package entry only, so pool workers, which import Frame directly, skip it.
 */
import * as arrow from 'apache-arrow';
import { provideArrow } from './arrow-module.js';

provideArrow(arrow);
