/**
 * A small JSON Schema checker for the subset flows declare for tool arguments: {@code type},
 * {@code properties}, {@code required}, {@code additionalProperties: false}, {@code enum},
 * {@code format} date / date-time / time, {@code minimum} / {@code maximum},
 * {@code minLength} / {@code maxLength}, {@code pattern}, {@code items}, {@code description}.
 */
package io.callrobot.dialog.schema;
