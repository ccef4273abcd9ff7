/**
 * The one JSON Schema checker of the project, for the subset tool arguments use: {@code type},
 * {@code properties}, {@code required}, {@code additionalProperties}, {@code enum}, {@code const},
 * {@code format} date / date-time / time, {@code minimum} / {@code maximum} and their exclusive forms,
 * {@code minLength} / {@code maxLength}, {@code pattern}, {@code items}, {@code minItems} /
 * {@code maxItems}, {@code description}. Flows' own schemas use the strict dialect, tool parameters
 * the open one.
 */
package io.callrobot.dialog.schema;
