/**
 * Configuration: one YAML file over embedded defaults, every key overridable from the
 * environment, secrets from the environment only, validated at start-up.
 */
package io.callrobot.config;
