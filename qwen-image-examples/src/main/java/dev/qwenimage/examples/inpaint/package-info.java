/** Example: recolouring a shape by inpainting with the built-in model. */
package dev.qwenimage.examples.inpaint;
