/**
 * Helpers of the browser tests: Debian's Chromium (never a downloaded browser), headless, driven by
 * playwright-core; the rule for skipping where it is missing; a page's network requests and errors;
 * the test-output/ folder screenshots land in. Not a test file (vitest runs *.test.ts only).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { chromium, type BrowserContext, type Page } from "playwright-core"

/** Debian's Chromium binary, if installed. */
export const chromiumPath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p))

/** Skip the browser tests: no Chromium here, and not CI (where its absence must fail instead). */
export const withoutChromium = chromiumPath === undefined && process.env.CI !== "true"

/** Where screenshots land for a person to look at (created by the test that writes one). */
export const outputDir = fileURLToPath(new URL("../../test-output/", import.meta.url))

/**
 * Headless Chromium with a fresh user-data-dir (Playwright passes it as --user-data-dir), removed
 * by the context's close(); at the given viewport, else Playwright's default.
 */
export const launchChromium = async (viewport?: { readonly width: number; readonly height: number }): Promise<BrowserContext> => {
  if (chromiumPath === undefined) throw new Error("no Chromium at /usr/bin/chromium or /usr/bin/chromium-browser")
  const profile = mkdtempSync(join(tmpdir(), "scalecast-chromium-"))
  const remove = () => rmSync(profile, { recursive: true, force: true, maxRetries: 3 })
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync"
      ],
      ...(viewport === undefined ? {} : { viewport })
    })
    // Removed once close() has waited for Chromium to exit (its "close" event comes too early).
    const close = context.close.bind(context)
    context.close = async (options) => {
      await close(options)
      remove()
    }
    return context
  } catch (e) {
    remove()
    throw e
  }
}

export interface Watched {
  /** URLs of the page's network requests. */
  readonly requests: Array<string>
  /** Console errors and uncaught page errors. */
  readonly errors: Array<string>
}

/**
 * Collects, from now on, what `page` requests and the errors it logs. A blob: URL (a worker's
 * script) is never a network request, nor is `ownUrl` (the page itself) when given; without it,
 * every file: URL is taken for a page the test opens. Anything else counts.
 */
export const watch = (page: Page, ownUrl?: string): Watched => {
  const requests: Array<string> = []
  const errors: Array<string> = []
  page.on("request", (req) => {
    const url = req.url()
    if (!url.startsWith("blob:") && (ownUrl === undefined ? !url.startsWith("file:") : url !== ownUrl)) requests.push(url)
  })
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text())
  })
  page.on("pageerror", (e) => errors.push(e.message))
  return { requests, errors }
}
