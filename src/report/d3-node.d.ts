// Types for d3-node (the package ships none): only what scalecast uses.
declare module "d3-node" {
  import type * as d3 from "d3"
  export class D3Node {
    constructor(options?: { readonly styles?: string })
    readonly d3: typeof d3
    createSVG(width: number, height: number, attrs?: Record<string, string | number>): d3.Selection<SVGSVGElement, unknown, null, undefined>
    svgString(): string
  }
}
