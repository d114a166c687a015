// The dashboard's charts: each <div data-chart="KEY"> is drawn by ECharts (served from this site, never a
// CDN) from the rows embedded beside it as <script id="data-KEY" type="application/json">, the same rows
// as its table. Once ECharts has drawn a chart it sets data-rendered="1" (the browser tests wait on it).
(function () {
  "use strict";
  if (typeof echarts === "undefined") return; // the tables still show everything

  var PALETTE = ["#1d4ed8", "#d97706", "#059669", "#b91c1c", "#7c3aed"];
  var board = document.querySelector(".dashboard");
  var EMPTY = (board && board.dataset.empty) || ""; // "暂无记录", in the page's language

  function option(series) {
    var columns = series.columns;
    var names = series.rows.map(function (row) { return String(row[0]); });
    var across = series.kind === "hbar"; // long names (units, categories): bars across, names down the side
    var narrow = window.innerWidth < 600;
    var drawn = columns.slice(1).map(function (column, i) {
      return {
        name: column.title,
        type: series.kind === "line" ? "line" : "bar",
        data: series.rows.map(function (row) { return row[i + 1] === null ? "-" : row[i + 1]; }),
        connectNulls: true,
        emphasis: { focus: "series" }
      };
    });
    var categoryAxis = {
      type: "category",
      data: names,
      inverse: across,
      axisLabel: { interval: 0, width: narrow ? 90 : 200, overflow: "truncate", hideOverlap: !across }
    };
    var valueAxis = { type: "value", minInterval: 1 }; // the unit is in the heading: no name to cut off
    var legendLines = narrow && drawn.length > 2 ? 2 : 1; // on a phone three names wrap to two lines
    return {
      color: PALETTE,
      animation: false,
      tooltip: { trigger: "axis", confine: true },
      legend: { top: 0, type: "plain", itemGap: narrow ? 6 : 10 },
      grid: { left: 8, right: 24, top: 24 + 24 * legendLines, bottom: 8, containLabel: true },
      xAxis: across ? valueAxis : categoryAxis,
      yAxis: across ? categoryAxis : valueAxis,
      series: drawn,
      graphic: series.rows.length ? [] : [{
        type: "text", left: "center", top: "middle",
        style: { text: EMPTY, fill: "#667085", fontSize: 14 }
      }]
    };
  }

  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (div) {
    var data = document.getElementById("data-" + div.dataset.chart);
    if (!data) return;
    var series = JSON.parse(data.textContent);
    var chart = echarts.init(div, null, { renderer: "canvas" });
    chart.on("finished", function () { div.dataset.rendered = "1"; });
    chart.setOption(option(series));
    charts.push({ chart: chart, series: series });
  });

  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      charts.forEach(function (c) { c.chart.setOption(option(c.series), true); c.chart.resize(); });
    }, 150);
  });
})();
