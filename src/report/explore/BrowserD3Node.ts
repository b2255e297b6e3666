/**
 * BrowserD3Node: d3-node's interface over the browser's own DOM, so the report's chart modules draw
 * the explore page's charts unchanged (the page's bundle maps `d3-node` here instead of jsdom).
 */
import * as d3 from "d3"

export class D3Node {
  readonly d3 = d3
  private readonly container = document.createElement("div")
  private readonly styles: string | undefined
  constructor(options: { readonly styles?: string } = {}) {
    this.styles = options.styles
  }

  createSVG(width: number, height: number, attrs: Record<string, string | number> = {}) {
    const svg = d3.select(this.container).append("svg").attr("xmlns", "http://www.w3.org/2000/svg").attr("width", width).attr("height", height)
    for (const [key, value] of Object.entries(attrs)) svg.attr(key, value)
    if (this.styles !== undefined) svg.append("defs").append("style").attr("type", "text/css").text(this.styles)
    return svg
  }

  svgString(): string {
    return this.container.innerHTML
  }
}
