#!/usr/bin/env node
import { mkdirSync } from 'node:fs';
// Renders samples/sample.mp4, the quick-start clip the repository can carry (the real-plate fixtures are
// third-party data and never ship): a car-like body with a UK-style plate that drives in from the left,
// slows down and leaves through the right edge, with a road-sign word and a clock overlay that are not plates.
import { execa } from 'execa';

const output = new URL('../samples/sample.mp4', import.meta.url).pathname;
mkdirSync(new URL('../samples/', import.meta.url), { recursive: true });
const font = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';
// x position of the car body: enters from the left, eases to the middle, leaves to the right (6 s clip).
const carX = 'if(lt(t,2),-420+t*330,if(lt(t,4),240+(t-2)*40,320+(t-4)*(t-4)*260))';
const filter = [
  // the car: body, rear window and plate drawn on a sprite that the overlay moves
  `[2:v]drawbox=x=45:y=0:w=330:h=70:color=0x2b3a4a@1:t=fill,drawbox=x=120:y=115:w=180:h=44:color=0xf4f1e6@1:t=fill,` +
    `drawtext=fontfile=${font}:text='NJ24 XYZ':fontsize=30:fontcolor=0x151515:x=129:y=122[car]`,
  `[0:v]drawbox=x=0:y=430:w=1280:h=290:color=0x3a3a3a@1:t=fill,drawbox=x=0:y=560:w=1280:h=8:color=0xd8d8d8@1:t=fill,` +
    `drawbox=x=980:y=120:w=200:h=70:color=0x1d5f2b@1:t=fill,` +
    `drawtext=fontfile=${font}:text='EXIT':fontsize=40:fontcolor=white:x=1035:y=135,` +
    `drawtext=fontfile=${font}:text='%{pts\\:gmtime\\:1700000000\\:%Y-%m-%d %H\\\\\\:%M\\\\\\:%S}':fontsize=22:fontcolor=white:x=20:y=20[road]`,
  `[road][car]overlay=x='${carX}':y=290:shortest=1[v]`,
].join(';');
await execa(
  'ffmpeg',
  [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'gradients=s=1280x720:c0=0x6f8fb0:c1=0x9fb8cf:x0=0:y0=0:x1=0:y1=430:d=6:r=25,format=yuv420p',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=110:sample_rate=48000:duration=6',
    '-f',
    'lavfi',
    '-i',
    'color=c=0x7a1f1f:s=420x190:d=6:r=25',
    '-filter_complex',
    filter,
    '-map',
    '[v]',
    '-map',
    '1:a',
    '-t',
    '6',
    '-c:v',
    'libx264',
    '-crf',
    '26',
    '-preset',
    'slow',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    '48k',
    '-movflags',
    '+faststart',
    output,
  ],
  { stdio: 'inherit' },
);
console.log(`wrote ${output}`);
