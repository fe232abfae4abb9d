// Layout facts of the page as shown, for tests/browser/test_layout.py. Returns three lists of findings,
// each naming the element: what is wider than the screen, the touch targets smaller than `minTarget`
// pixels (on a phone), and the text whose stacked Vietnamese diacritics would be clipped or collide.
async ({ phone, minTarget, stackedCapitals, descenders }) => {
    const screenWidth = document.documentElement.clientWidth;
    const styleOf = (element) => getComputedStyle(element);

    const describe = (element) => {
        const classes = [...element.classList].slice(0, 2).map((name) => "." + name).join("");
        const text = (element.innerText || element.value || element.getAttribute("aria-label") || "")
            .trim().replace(/\s+/g, " ").slice(0, 40);
        return `${element.tagName.toLowerCase()}${classes} “${text}”`;
    };

    // Text for screen readers only sits in a 1-pixel box that hides what overflows it.
    const hiddenInTinyBox = (element) => {
        for (let up = element; up && up !== document.body; up = up.parentElement) {
            const box = up.getBoundingClientRect();
            const style = styleOf(up);
            if ((box.width <= 1 || box.height <= 1) && style.overflow !== "visible") return true;
            if (style.clipPath === "inset(50%)") return true;
        }
        return false;
    };
    // A skip link waits above the page until it has the focus.
    const shown = (element) => {
        const box = element.getBoundingClientRect();
        return box.width > 1 && box.height > 1 && box.bottom > 0
            && element.checkVisibility({ visibilityProperty: true }) && !hiddenInTinyBox(element);
    };
    const insideScrollingOrClippingBox = (element) => {
        for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
            if (styleOf(up).overflowX !== "visible") return true;
        }
        return false;
    };
    const elements = [...document.body.querySelectorAll("*")].filter(shown);

    const tooWide = elements.filter((element) => {
        const box = element.getBoundingClientRect();
        return (box.right > screenWidth + 1 || box.left < -1) && !insideScrollingOrClippingBox(element);
    }).map(describe);

    // A link inside a sentence is exempt (WCAG 2.5.5): it takes the height of the line it shares.
    const inSentence = (link) => {
        const parent = link.parentElement;
        if (styleOf(link).display !== "inline" || /flex|grid/.test(styleOf(parent).display)) return false;
        const letters = (element) => element.innerText.replace(/\s+/g, "").length;
        return letters(parent) > letters(link) + 1;
    };
    // A checkbox or radio button is tapped through its label as well; a card's link through the whole card
    // (a box laid over it by the link's ::after).
    const targetOf = (control) => {
        const after = getComputedStyle(control, "::after");
        if (after.position === "absolute" && after.content !== "none" && control.offsetParent) return control.offsetParent;
        if (!["checkbox", "radio"].includes(control.type)) return control;
        return control.closest("label") || (control.id && document.querySelector(`label[for="${control.id}"]`)) || control;
    };
    const smallTargets = [];
    if (phone) {
        const controls = elements.filter((element) =>
            element.matches("a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]"));
        for (const control of controls) {
            if (control.matches("a") && inSentence(control)) continue;
            const target = targetOf(control);
            if (!shown(target)) continue;
            const box = target.getBoundingClientRect();
            if (box.height < minTarget - 0.5 || box.width < minTarget - 0.5) {
                smallTargets.push(`${describe(target)} ${Math.round(box.width)}×${Math.round(box.height)}`);
            }
        }
    }

    // The lines an element's own text takes: the distinct tops of its text's boxes.
    const linesOf = (element) => {
        const tops = new Set();
        for (const node of element.childNodes) {
            if (node.nodeType !== Node.TEXT_NODE || !node.textContent.trim()) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            for (const rect of range.getClientRects()) if (rect.width > 0) tops.add(Math.round(rect.top));
        }
        return tops.size;
    };
    const clipped = [];
    const reported = new Set();
    const canvas = document.createElement("canvas").getContext("2d");
    await document.fonts.ready;
    for (const element of elements) {
        if (!linesOf(element)) continue;
        const style = styleOf(element);
        const clips = ["hidden", "clip"].includes(style.overflowY) || style.webkitLineClamp !== "none";
        // Headings may wrap anywhere the text is longer; other text is checked where it does wrap.
        const lines = element.matches("h1, h2, h3, h4") || linesOf(element) > 1;
        if (!clips && !lines) continue;
        const font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        await document.fonts.load(font, stackedCapitals);
        canvas.font = font;
        const capitals = canvas.measureText(stackedCapitals);
        const lower = canvas.measureText(descenders);
        const ascent = capitals.fontBoundingBoxAscent;
        const lineHeight = style.lineHeight === "normal"
            ? ascent + capitals.fontBoundingBoxDescent : parseFloat(style.lineHeight);
        const halfLeading = (lineHeight - ascent - capitals.fontBoundingBoxDescent) / 2;
        // The ink of "Ỷ" from the top of its line box, and of the dot under "Ặ" from its bottom.
        const inkTop = halfLeading + ascent - capitals.actualBoundingBoxAscent;
        const inkBelow = halfLeading + ascent + capitals.actualBoundingBoxDescent - lineHeight;
        const inkHeight = capitals.actualBoundingBoxAscent + lower.actualBoundingBoxDescent;
        const found = [];
        if (clips && inkTop < -parseFloat(style.paddingTop) - 0.5) {
            found.push(`marks above clipped by ${(-inkTop).toFixed(1)} px`);
        }
        if (clips && inkBelow > parseFloat(style.paddingBottom) + 0.5) {
            found.push(`dot below clipped by ${inkBelow.toFixed(1)} px`);
        }
        if (lines && lineHeight + 0.5 < inkHeight) {
            found.push(`lines collide: ${lineHeight.toFixed(1)} px a line for ${inkHeight.toFixed(1)} px of ink`);
        }
        const key = font + style.lineHeight + found.join();
        if (found.length && !reported.has(key)) {
            reported.add(key);
            clipped.push(`${describe(element)} (${font}; line height ${style.lineHeight}): ${found.join("; ")}`);
        }
    }
    return { tooWide, smallTargets, clipped };
}
