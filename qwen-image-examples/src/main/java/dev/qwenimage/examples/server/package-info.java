/**
 * An HTTP image service on the JDK's built-in server: the OpenAI Images API ({@code POST /v1/images/generations}), a
 * simple {@code POST /generate-image}, generated files under {@code /images/}, and {@code GET /health}.
 */
package dev.qwenimage.examples.server;
