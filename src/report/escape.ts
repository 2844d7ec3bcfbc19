/**
 * Escaping of user-controlled text (study names, parameter names, categorical choices, attribute
 * values) before it goes into the report's HTML or SVG. Everything the report prints from a study
 * passes through here, so a name such as `<script>` shows as text and never runs.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML/SVG element content and double- or single-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
