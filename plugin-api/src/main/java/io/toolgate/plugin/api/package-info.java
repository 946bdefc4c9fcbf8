/**
 * The Toolgate plugin API: what a server-side tool implements ({@link io.toolgate.plugin.api.Tool}) and what the
 * gateway offers it ({@link io.toolgate.plugin.api.ToolContext}). Only JDK types cross this boundary, so a plugin
 * built today keeps loading when the gateway's own libraries move on.
 */
package io.toolgate.plugin.api;
