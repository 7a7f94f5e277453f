/** The {@code qwen-image} command-line tool: {@code generate}, {@code schedule} and the other commands. */
package dev.qwenimage.examples.cli;
